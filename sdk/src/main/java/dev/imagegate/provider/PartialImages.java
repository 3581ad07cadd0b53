package dev.imagegate.provider;

import dev.imagegate.ImageEvent;
import dev.imagegate.PartialImageWriter;

/**
 * Where a provider that streams natively puts the partial images it receives, as they arrive; the router checks each
 * and passes it on to the caller.
 */
public interface PartialImages {
  /** How many partial images the caller asked for (0 to 3): what the provider asks upstream for. */
  int wanted();

  /**
   * Passes one partial image on. Throws {@link dev.imagegate.error.Cancelled} when the caller has gone away: the
   * provider lets it propagate, which closes the upstream answer (abandoning the call), or an
   * {@link dev.imagegate.error.UpstreamProtocol} when the partial is not an image.
   */
  void accept(ImageEvent.PartialImage partial);

  /**
   * Whether partial images may be passed on piecewise ({@link #begin}), as their base64 arrives, instead of whole
   * through {@link #accept}: when the caller takes them so.
   */
  default boolean piecewise() {
    return false;
  }

  /**
   * Begins passing on one partial image piecewise (only when {@link #piecewise}): {@code head} holds its first
   * {@code length} base64 characters (at least 16 unless the image is shorter), checked to start an image and passed
   * on first; the rest goes to the writer returned. Throws as {@link #accept} does.
   */
  default PartialImageWriter begin(byte[] head, int length) {
    throw new UnsupportedOperationException("partial images are taken whole here");
  }
}
