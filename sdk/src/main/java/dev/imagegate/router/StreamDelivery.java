package dev.imagegate.router;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageFormat;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.ImageStreamListener;
import dev.imagegate.Operation;
import dev.imagegate.PartialImageWriter;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.PartialImages;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One streamed call's delivery of events to its listener. Once the first event is delivered the call has begun:
 * it is no longer retried or fallen back ({@link #begun()}). A listener that throws cancels the call. Holds what was
 * billed when a begun call fails (partial images cost output tokens). Confined to the calling thread.
 */
final class StreamDelivery implements PartialImages {
  /** The most partial images a call may ask for, as OpenAI allows. */
  static final int MAX_PARTIAL_IMAGES = 3;

  private final Operation operation;
  private final int partialImages;
  private final ImageStreamListener listener;
  private boolean begun;
  private int partialsDelivered;
  private Cost billed = Cost.unpriced("failed");

  StreamDelivery(Operation operation, int partialImages, ImageStreamListener listener) {
    this.operation = operation;
    this.partialImages = partialImages;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Refuses what cannot be streamed: {@code partial_images} outside 0 to 3, and variations (OpenAI streams
   * generations and edits only).
   */
  static void check(ImageRequest request, int partialImages) {
    if (partialImages < 0 || partialImages > MAX_PARTIAL_IMAGES) {
      throw new BadRequest("Invalid partial_images " + partialImages + ": expected an integer from 0 to "
          + MAX_PARTIAL_IMAGES, "partial_images");
    }
    if (request.operation() == Operation.VARIATION) {
      throw new BadRequest("stream is not supported for variations: only generations and edits stream", "stream");
    }
  }

  @Override
  public int wanted() {
    return partialImages;
  }

  /** A partial image from the provider: passed on when its data decodes to an image, else a protocol error. */
  @Override
  public void accept(ImageEvent.PartialImage partial) {
    checkImage(partial.image().isUrl() ? ImageFormat.UNKNOWN : partial.image().inlineFormat());
    deliver(partial);
    partialsDelivered++;
  }

  private static void checkImage(ImageFormat format) {
    if (format == ImageFormat.UNKNOWN || format == ImageFormat.SVG) {
      throw new UpstreamProtocol("the provider streamed a partial image whose data is not a PNG, JPEG, WebP or GIF"
          + " image (by its first bytes), which is never passed on as one", ImageGateException.Details.NONE, null);
    }
  }

  /** Whether the listener takes partial images piecewise ({@link ImageStreamListener.Piecewise}). */
  @Override
  public boolean piecewise() {
    return listener instanceof ImageStreamListener.Piecewise;
  }

  /**
   * Begins a partial image passed on piecewise: its first characters must decode to the start of an image (else a
   * protocol error, and nothing is passed on); the writer returned counts the partial once it ends. A writer that
   * throws cancels the call, as a listener does.
   */
  @Override
  public PartialImageWriter begin(byte[] head, int length) {
    ImageFormat format = ImageData.ofBase64(new String(head, 0, length, StandardCharsets.ISO_8859_1), null)
        .inlineFormat();
    checkImage(format);
    ImageStreamListener.Piecewise piecewise = (ImageStreamListener.Piecewise) listener;
    begun = true;
    PartialImageWriter writer = guarded(() -> piecewise.partialImage(operation));
    PartialImageWriter counted = new PartialImageWriter() {
      @Override
      public void base64(byte[] bytes, int offset, int count) {
        guarded(() -> {
          writer.base64(bytes, offset, count);
          return null;
        });
      }

      @Override
      public void end(int partialImageIndex, long createdAt, Map<String, Object> fields) {
        guarded(() -> {
          writer.end(partialImageIndex, createdAt, fields);
          return null;
        });
        partialsDelivered++;
      }

      @Override
      public void abandon() {
        try {
          writer.abandon();
        } catch (RuntimeException e) {
          // the call fails next either way
        }
      }
    };
    counted.base64(head, 0, length);
    return counted;
  }

  /** The completed event of each image of {@code response} (inline images, priced), in order. */
  void completed(ImageResponse response, ImageRequest request, boolean streamedUpstream) {
    for (int i = 0; i < response.data().size(); i++) {
      ImageData image = response.data().get(i);
      deliver(new ImageEvent.CompletedImage(request.operation(), i, image, response.created(),
          fields(response, request, image), response.usage(), streamedUpstream));
    }
  }

  /** Delivers {@code event}; a listener that throws cancels the call. */
  void deliver(ImageEvent event) {
    begun = true;
    guarded(() -> {
      listener.onEvent(event);
      return null;
    });
  }

  /** Runs a step of the listener's: whatever it throws cancels the call. */
  private static <T> T guarded(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (Cancelled e) {
      throw e;
    } catch (RuntimeException e) {
      throw new Cancelled("The caller stopped receiving the stream (" + e.getClass().getSimpleName()
          + "): the call was abandoned", ImageGateException.Details.NONE, e);
    }
  }

  boolean begun() {
    return begun;
  }

  int partialsDelivered() {
    return partialsDelivered;
  }

  /** What a begun call that failed was billed (its partial images; everything when it failed at the very end). */
  Cost billed() {
    return billed;
  }

  void billed(Cost cost) {
    billed = cost;
  }

  /** OpenAI's event fields: the answer's own, else what was asked, else {@code auto}; the format by the bytes. */
  private static Map<String, Object> fields(ImageResponse response, ImageRequest request, ImageData image) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> given = response.openAiFields();
    out.put("size", given.getOrDefault("size", request.size() == null ? "auto" : request.size().wire()));
    out.put("quality", given.getOrDefault("quality", request.quality() == null ? "auto" : request.quality()));
    out.put("background", given.getOrDefault("background", request.extras().getOrDefault("background", "auto")));
    out.put("output_format", given.getOrDefault("output_format", formatOf(image)));
    return out;
  }

  private static String formatOf(ImageData image) {
    ImageFormat format = image.inlineFormat();
    return format == ImageFormat.JPEG ? "jpeg" : format.extension();
  }
}
