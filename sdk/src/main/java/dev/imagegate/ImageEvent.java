package dev.imagegate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a streamed call, shaped like OpenAI's image streaming events: partial images while the model draws
 * (only from models that stream natively), one completed event per finished image, and, last, the whole response.
 * A gateway writes {@link PartialImage} and {@link CompletedImage} to its client as server-sent events named by
 * {@link #type()}; {@link Finished} is for SDK callers.
 */
public sealed interface ImageEvent permits ImageEvent.PartialImage, ImageEvent.CompletedImage, ImageEvent.Finished {

  /** The operation streamed: generate or edit. */
  Operation operation();

  /** OpenAI's event type, e.g. {@code image_generation.partial_image}, {@code image_edit.completed}. */
  String type();

  /** {@code image_generation} for generations, {@code image_edit} for edits: the prefix of OpenAI's event types. */
  static String prefix(Operation operation) {
    return operation == Operation.EDIT ? "image_edit" : "image_generation";
  }

  /**
   * A partial image, as the provider sent it.
   *
   * @param partialImageIndex 0-based, in the order the provider sent them
   * @param image the partial image, inline base64 (checked to be an image by its first bytes before it is passed on;
   *     kept as the bytes received, so passing it on copies no string)
   * @param createdAt when the provider made the event (Unix seconds)
   * @param fields the settings the provider reports with it ({@code size}, {@code quality}, {@code background},
   *     {@code output_format})
   */
  record PartialImage(Operation operation, int partialImageIndex, ImageData image, long createdAt,
                      Map<String, Object> fields) implements ImageEvent {
    public PartialImage {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(image, "image");
      fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String type() {
      return prefix(operation) + ".partial_image";
    }

    /** The partial image's bytes. */
    public byte[] bytes() {
      return image.bytes();
    }
  }

  /**
   * One finished image of the call, checked like any answer and priced with the call.
   *
   * @param index the image's place in the response's {@code data}
   * @param image the image (always inline: streams carry base64)
   * @param createdAt when the call was answered (Unix seconds)
   * @param fields {@code size}, {@code quality}, {@code background}, {@code output_format}
   * @param usage the call's token usage ({@link Usage#NONE} when the provider reports none)
   * @param streamedUpstream whether the provider streamed this call itself; false when the gateway made the ordinary
   *     call for a provider that cannot stream (then no partial images came)
   */
  record CompletedImage(Operation operation, int index, ImageData image, long createdAt, Map<String, Object> fields,
                        Usage usage, boolean streamedUpstream) implements ImageEvent {
    public CompletedImage {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(image, "image");
      fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
      usage = usage == null ? Usage.NONE : usage;
    }

    @Override
    public String type() {
      return prefix(operation) + ".completed";
    }
  }

  /** The end of a successful call: the same response the blocking call returns (route, cost and all). */
  record Finished(Operation operation, ImageResponse response) implements ImageEvent {
    public Finished {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(response, "response");
    }

    @Override
    public String type() {
      return prefix(operation) + ".finished";
    }
  }
}
