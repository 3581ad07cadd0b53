package dev.imagegate;

import java.util.Map;

/**
 * One partial image passed on piecewise ({@link ImageStreamListener.Piecewise}): its base64 in the order it arrives,
 * then the event's other fields once the provider has sent them. Nothing of the image is held in between, so a
 * gateway relaying a stream needs memory for one read, not for one image. Called on the calling thread.
 */
public interface PartialImageWriter {
  /**
   * The next piece of the image's base64: plain base64 characters (JSON escapes undone), a slice valid only during
   * the call. The first piece has been checked to start a PNG, JPEG, WebP or GIF image. Throwing cancels the call.
   */
  void base64(byte[] bytes, int offset, int length);

  /**
   * The image is whole: the event's {@code partial_image_index}, {@code created_at} and settings ({@code size},
   * {@code quality}, {@code background}, {@code output_format}). Throwing cancels the call.
   */
  void end(int partialImageIndex, long createdAt, Map<String, Object> fields);

  /**
   * The image will not be finished: the provider's stream broke off or turned out malformed after it began. What
   * was passed on must not be taken for an image; the call fails next. Never throws.
   */
  void abandon();
}
