package dev.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.Size;
import dev.imagegate.provider.Allowed;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes given by a rule instead of a list, e.g. gpt-image-2: any {@code WxH} whose edges are multiples of 16, the
 * longest at most 3840, the ratio at most 3:1 and the area within pixel bounds. Every bound is optional.
 *
 * @param edgeMultiple both edges must be multiples of this
 * @param minEdge smallest edge allowed
 * @param maxEdge largest edge allowed
 * @param maxRatio longest edge over shortest edge, at most
 * @param minPixels width x height, at least
 * @param maxPixels width x height, at most
 */
public record SizeRule(@JsonProperty("edge_multiple") Integer edgeMultiple, @JsonProperty("min_edge") Integer minEdge,
                       @JsonProperty("max_edge") Integer maxEdge, @JsonProperty("max_ratio") BigDecimal maxRatio,
                       @JsonProperty("min_pixels") Long minPixels, @JsonProperty("max_pixels") Long maxPixels)
    implements Allowed.Rule {

  @Override
  public boolean accepts(String value) {
    Size size;
    try {
      size = Size.parse(value);
    } catch (RuntimeException e) {
      return false;
    }
    if (!(size instanceof Size.Pixels pixels)) {
      return false;
    }
    int width = pixels.width();
    int height = pixels.height();
    int longest = Math.max(width, height);
    int shortest = Math.min(width, height);
    long area = (long) width * height;
    return (edgeMultiple == null || width % edgeMultiple == 0 && height % edgeMultiple == 0)
        && (minEdge == null || shortest >= minEdge)
        && (maxEdge == null || longest <= maxEdge)
        && (maxRatio == null || BigDecimal.valueOf(longest).compareTo(maxRatio.multiply(BigDecimal.valueOf(shortest)))
            <= 0)
        && (minPixels == null || area >= minPixels)
        && (maxPixels == null || area <= maxPixels);
  }

  /** E.g. {@code WIDTHxHEIGHT (edges must be multiples of 16, longest edge at most 3840, ...)}. */
  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (edgeMultiple != null) {
      parts.add("edges must be multiples of " + edgeMultiple);
    }
    if (minEdge != null) {
      parts.add("shortest edge at least " + minEdge);
    }
    if (maxEdge != null) {
      parts.add("longest edge at most " + maxEdge);
    }
    if (maxRatio != null) {
      parts.add("aspect ratio at most " + maxRatio.stripTrailingZeros().toPlainString() + ":1");
    }
    if (minPixels != null || maxPixels != null) {
      parts.add("total pixels " + (minPixels == null ? "up to " + maxPixels
          : maxPixels == null ? "at least " + minPixels : minPixels + ".." + maxPixels));
    }
    return "WIDTHxHEIGHT (" + String.join(", ", parts) + ")";
  }
}
