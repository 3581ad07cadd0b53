package dev.imagegate.provider;

import dev.imagegate.ImageFormat;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a model takes as input images for one operation (edit or variation), as data read by
 * {@link Capabilities#check}: nothing outside these limits is sent.
 *
 * @param maxImages how many input images one call takes
 * @param mask whether a mask image is refused, optional or required
 * @param formats the input formats taken (by magic bytes)
 * @param maxBytes the largest input file, in bytes
 * @param maskRule what the mask itself must be
 * @param square whether input images must be square (dall-e-2)
 * @param minN smallest {@code n} for this operation, or null for the model's generate range
 * @param maxN largest {@code n} for this operation, or null for the model's generate range
 * @param sizes output sizes for this operation, or null for the model's generate sizes
 * @param qualities qualities for this operation, or null for the model's generate qualities
 */
public record InputLimits(int maxImages, Mask mask, Set<ImageFormat> formats, long maxBytes, MaskRule maskRule,
                          boolean square, Integer minN, Integer maxN, Allowed sizes, Allowed qualities) {
  /** Whether a mask may be sent. */
  public enum Mask { NONE, OPTIONAL, REQUIRED }

  /** What a mask must be, beyond a readable image. */
  public enum MaskRule {
    /** Any png/jpeg/webp (black and white masks: Recraft, Bedrock). */
    ANY_IMAGE,
    /** A PNG with an alpha channel whose size equals the first image's (OpenAI's rule). */
    PNG_ALPHA_SAME_SIZE,
    /** Any image whose size equals the first image's (Recraft). */
    SAME_SIZE
  }

  public static final Set<ImageFormat> RASTER = EnumSet.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP);
  public static final long MB = 1024L * 1024;

  /** One png/jpeg/webp image up to 50 MB, optional mask in OpenAI's form: for servers whose limits are unknown. */
  public static final InputLimits PERMISSIVE = new InputLimits(16, Mask.OPTIONAL, RASTER, 50 * MB,
      MaskRule.PNG_ALPHA_SAME_SIZE, false, null, null, null, null);

  public InputLimits {
    if (maxImages < 1) {
      throw new IllegalArgumentException("maxImages must be at least 1");
    }
    formats = formats.isEmpty() ? EnumSet.noneOf(ImageFormat.class) : EnumSet.copyOf(formats);
  }

  public InputLimits withMaxImages(int value) {
    return new InputLimits(value, mask, formats, maxBytes, maskRule, square, minN, maxN, sizes, qualities);
  }

  public InputLimits withMask(Mask value) {
    return new InputLimits(maxImages, value, formats, maxBytes, maskRule, square, minN, maxN, sizes, qualities);
  }
}
