package dev.imagegate.provider;

import dev.imagegate.ImageFormat;
import dev.imagegate.ImageHeader;
import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The input images of an edit or variation against one model's {@link InputLimits}: count, format by magic bytes,
 * file size, squareness, and the mask's presence, format, alpha and size. Every failure is a {@link BadRequest} naming
 * {@code image} or {@code mask}, raised before anything is sent.
 */
final class InputChecks {
  private InputChecks() {
  }

  static void check(ImageRequest request, InputLimits limits, String model) {
    String op = request.operation().wire();
    List<InputImage> images = request.images();
    if (images.size() > limits.maxImages()) {
      throw bad("Too many images for " + model + " " + op + "s: " + images.size() + " given, at most "
          + limits.maxImages() + " allowed", "image");
    }
    for (int i = 0; i < images.size(); i++) {
      InputImage image = images.get(i);
      String which = images.size() == 1 ? "image" : "image " + (i + 1) + " (" + image.name() + ")";
      file(image, which, "image", limits, model);
      if (limits.square()) {
        ImageHeader header = image.header();
        if (header.known() && header.width() != header.height()) {
          throw bad(which + " must be square for " + model + " " + op + "s; it is " + header.width() + "x"
              + header.height(), "image");
        }
      }
    }
    mask(request, limits, model);
  }

  private static void mask(ImageRequest request, InputLimits limits, String model) {
    InputImage mask = request.mask();
    if (mask == null) {
      if (limits.mask() == InputLimits.Mask.REQUIRED) {
        throw bad("mask is required for " + model + " " + request.operation().wire() + "s", "mask");
      }
      return;
    }
    if (limits.mask() == InputLimits.Mask.NONE) {
      throw bad(model + " does not take a mask for " + request.operation().wire() + "s", "mask");
    }
    file(mask, "mask", "mask", limits, model);
    if (limits.maskRule() == InputLimits.MaskRule.ANY_IMAGE) {
      return;
    }
    ImageHeader header = mask.header();
    if (limits.maskRule() == InputLimits.MaskRule.PNG_ALPHA_SAME_SIZE) {
      if (mask.format() != ImageFormat.PNG) {
        throw bad("mask must be a PNG with an alpha channel for " + model + "; it is " + describe(mask.format()),
            "mask");
      }
      if (!header.alpha()) {
        throw bad("mask must be a PNG with an alpha channel (its fully transparent pixels mark where to edit); "
            + "this PNG has no alpha channel", "mask");
      }
    }
    ImageHeader first = request.images().get(0).header();
    if (header.known() && first.known()
        && (header.width() != first.width() || header.height() != first.height())) {
      throw bad("mask must have the same size as the first image: mask is " + header.width() + "x" + header.height()
          + ", image is " + first.width() + "x" + first.height(), "mask");
    }
  }

  private static void file(InputImage image, String which, String param, InputLimits limits, String model) {
    if (!limits.formats().contains(image.format())) {
      throw bad(which + " is not " + formats(limits) + " by its content (it is " + describe(image.format())
          + "); " + model + " takes " + formats(limits), param);
    }
    if (image.size() > limits.maxBytes()) {
      throw bad(which + " is " + image.size() + " bytes; " + model + " takes files up to " + limits.maxBytes()
          + " bytes", param);
    }
  }

  private static String formats(InputLimits limits) {
    return limits.formats().stream().map(f -> f == ImageFormat.JPEG ? "jpeg" : f.extension())
        .collect(Collectors.joining("/"));
  }

  private static String describe(ImageFormat format) {
    return format == ImageFormat.UNKNOWN ? "not an image format we recognise" : format.mimeType();
  }

  private static BadRequest bad(String message, String param) {
    return new BadRequest(message, param, ImageGateException.Details.NONE);
  }
}
