package dev.imagegate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image edit, OpenAI's {@code POST /v1/images/edits}: a prompt, one or more input images and an optional mask that
 * applies to the first image. A typed wrapper over an {@link ImageRequest} whose operation is {@link Operation#EDIT}.
 *
 * <pre>{@code
 * EditRequest edit = EditRequest.of(EditRequest.builder("add a red hat")
 *     .image(InputImage.of(Path.of("cat.png"))).mask(InputImage.of(Path.of("mask.png"))).model("gpt-image-2"));
 * }</pre>
 */
public record EditRequest(ImageRequest request) {
  public EditRequest {
    Objects.requireNonNull(request, "request");
    if (request.operation() != Operation.EDIT) {
      throw new IllegalArgumentException("an EditRequest wraps an edit, not a " + request.operation().wire());
    }
  }

  /** A request builder set to edit; add images with {@link ImageRequest.Builder#image}. */
  public static ImageRequest.Builder builder(String prompt) {
    return ImageRequest.builder(prompt).operation(Operation.EDIT);
  }

  /** Builds {@code builder} as an edit. */
  public static EditRequest of(ImageRequest.Builder builder) {
    return new EditRequest(builder.operation(Operation.EDIT).build());
  }

  /** The simplest edit: one image file and a prompt, for {@code model}. */
  public static EditRequest of(String prompt, Path image, String model) {
    return of(builder(prompt).image(InputImage.of(image)).model(model));
  }
}
