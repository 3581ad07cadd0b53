package dev.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.ImageFormat;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.InputLimits;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A catalogue entry's limits on the input images of one operation ({@code edit} or {@code variation}). Absent fields
 * take the defaults noted; {@code n}, {@code sizes} and {@code qualities} absent mean "as for generate".
 *
 * @param maxImages input images per call (default 1)
 * @param mask {@code none} (default), {@code optional} or {@code required}
 * @param maskRule {@code png_alpha_same_size} (OpenAI), {@code same_size} or {@code any_image} (default)
 * @param formats {@code png}, {@code jpeg}, {@code webp} (default all three)
 * @param maxMb largest input file in MB (default 50)
 * @param square whether inputs must be square (default false)
 * @param source where the operation's facts come from (URL)
 */
public record InputSpec(@JsonProperty("max_images") Integer maxImages, String mask,
                        @JsonProperty("mask_rule") String maskRule, List<String> formats,
                        @JsonProperty("max_mb") Integer maxMb, Boolean square, ModelEntry.NRange n,
                        List<String> sizes, List<String> qualities, String source) {
  static final Set<String> KEYS = Set.of("max_images", "mask", "mask_rule", "formats", "max_mb", "square", "n",
      "sizes", "qualities", "source");
  static final Set<String> MASKS = Set.of("none", "optional", "required");
  static final Set<String> MASK_RULES = Set.of("png_alpha_same_size", "same_size", "any_image");
  static final Set<String> FORMATS = Set.of("png", "jpeg", "webp");

  /** The limits the validator reads. */
  public InputLimits limits() {
    Set<ImageFormat> taken = EnumSet.noneOf(ImageFormat.class);
    for (String format : formats == null ? List.of("png", "jpeg", "webp") : formats) {
      taken.add(switch (format) {
        case "png" -> ImageFormat.PNG;
        case "jpeg" -> ImageFormat.JPEG;
        default -> ImageFormat.WEBP;
      });
    }
    return new InputLimits(maxImages == null ? 1 : maxImages,
        InputLimits.Mask.valueOf((mask == null ? "none" : mask).toUpperCase(java.util.Locale.ROOT)), taken,
        (maxMb == null ? 50 : maxMb) * InputLimits.MB,
        InputLimits.MaskRule.valueOf((maskRule == null ? "any_image" : maskRule).toUpperCase(java.util.Locale.ROOT)),
        square != null && square, n == null ? null : n.min(), n == null ? null : n.max(), allowed(sizes),
        allowed(qualities));
  }

  private static Allowed allowed(List<String> values) {
    if (values == null) {
      return null;
    }
    return values.contains("*") ? Allowed.ANY : Allowed.oneOf(new LinkedHashSet<>(values));
  }
}
