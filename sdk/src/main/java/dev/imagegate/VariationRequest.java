package dev.imagegate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A variation of one image, OpenAI's {@code POST /v1/images/variations}: no prompt (a provider that takes one, such
 * as Nova Canvas, may be given it), one input image. A typed wrapper over an {@link ImageRequest} whose operation is
 * {@link Operation#VARIATION}.
 */
public record VariationRequest(ImageRequest request) {
  public VariationRequest {
    Objects.requireNonNull(request, "request");
    if (request.operation() != Operation.VARIATION) {
      throw new IllegalArgumentException("a VariationRequest wraps a variation, not a "
          + request.operation().wire());
    }
  }

  /** A request builder set to vary {@code image}. */
  public static ImageRequest.Builder builder(InputImage image) {
    return ImageRequest.builder().operation(Operation.VARIATION).image(image);
  }

  /** Builds {@code builder} as a variation. */
  public static VariationRequest of(ImageRequest.Builder builder) {
    return new VariationRequest(builder.operation(Operation.VARIATION).build());
  }

  /** One image file, for {@code model}. */
  public static VariationRequest of(Path image, String model) {
    return of(builder(InputImage.of(image)).model(model));
  }
}
