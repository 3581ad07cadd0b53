package dev.imagegate.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.Size;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How many image output tokens one generated image is billed, known before the call: the one rule of a token-billed
 * model (gpt-image-2, Gemini image models) for both the expected cost of an image ({@link #perImage}, what
 * {@code imagegate models} shows) and the most a call can cost ({@link #mostPerImage}, what a budget reserves).
 * Catalogue field {@code prices.image_tokens}. A table by quality and size ({@code quality|size}, {@code *} for any),
 * looked up first, then a rule for any {@code WxH} size. For the expected cost, {@code auto} (or no value) stands for
 * {@link #autoQuality} and {@link #autoSize} when given, else for {@code *}; for the most, it stands for every
 * quality named and for an image of {@link #maxPixels}. Immutable.
 *
 * @param perImage output tokens per image, keyed {@code quality|size}
 * @param rule tokens for any {@code WxH} size, by quality
 * @param autoQuality the quality {@code auto} is expected to be (e.g. the costliest, for a safe estimate)
 * @param autoSize the size {@code auto} is expected to be
 * @param maxPixels the largest image the model makes, in pixels: what {@code size: auto} may produce at most
 */
public record ImageTokens(@JsonProperty("per_image") Map<String, Long> perImage, Rule rule,
                          @JsonProperty("auto_quality") String autoQuality,
                          @JsonProperty("auto_size") String autoSize,
                          @JsonProperty("max_pixels") Long maxPixels) {

  /**
   * OpenAI's gpt-image-2 rule: with {@code f} the quality's factor, {@code s = floor((2 f short + long) / (2 long))}
   * and tokens {@code = ceil(f s (offset + width height) / divisor)}. As {@code s <= f}, an image of a given area is
   * billed at most {@code ceil(f f (offset + area) / divisor)} tokens, whatever its shape (a square reaches it).
   *
   * @param qualityFactors the factor of each quality
   * @param areaOffset pixels added to the image's area
   * @param areaDivisor what the scaled area is divided by
   */
  public record Rule(@JsonProperty("quality_factors") Map<String, Integer> qualityFactors,
                     @JsonProperty("area_offset") long areaOffset, @JsonProperty("area_divisor") long areaDivisor) {
    public Rule {
      qualityFactors = qualityFactors == null ? Map.of() : Map.copyOf(qualityFactors);
    }

    OptionalLong tokens(String quality, int width, int height) {
      Integer factor = qualityFactors.get(quality);
      if (factor == null || areaDivisor <= 0) {
        return OptionalLong.empty();
      }
      long longEdge = Math.max(width, height);
      long shortEdge = Math.min(width, height);
      long shortFactor = (2L * factor * shortEdge + longEdge) / (2 * longEdge);
      return OptionalLong.of(ceil(factor * shortFactor * (areaOffset + (long) width * height), areaDivisor));
    }

    /** The most tokens an image of {@code pixels} can be billed at {@code quality}, whatever its shape. */
    OptionalLong most(String quality, long pixels) {
      Integer factor = qualityFactors.get(quality);
      if (factor == null || areaDivisor <= 0) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(ceil((long) factor * factor * (areaOffset + pixels), areaDivisor));
    }

    private static long ceil(long dividend, long divisor) {
      return (dividend + divisor - 1) / divisor;
    }
  }

  public ImageTokens {
    perImage = perImage == null ? Map.of() : Map.copyOf(perImage);
  }

  /**
   * The output tokens one image at {@code quality} and {@code size} is expected to cost (either may be null or
   * {@code auto}); empty when neither the table nor the rule covers them.
   */
  public OptionalLong perImage(String quality, String size) {
    String q = isAuto(quality) ? autoQuality : quality;
    String s = isAuto(size) ? autoSize : size;
    OptionalLong listed = listed(q, s);
    if (listed.isPresent()) {
      return listed;
    }
    Size.Pixels pixels = pixels(s);
    return rule != null && q != null && pixels != null ? rule.tokens(q, pixels.width(), pixels.height())
        : OptionalLong.empty();
  }

  /**
   * The most output tokens one image can be billed, for a budget's reservation: at {@code quality} (every quality
   * this rule names when null or {@code auto}), for an image of {@code size} and {@code area} pixels (when unknown:
   * of {@link #maxPixels}, and any size in the table). A quality the rule covers is bounded by the rule, any other by
   * the table. Empty when nothing covers the order.
   */
  public OptionalLong mostPerImage(String quality, String size, Long area) {
    Long pixels = area != null ? area : maxPixels;
    long most = -1;
    for (String q : isAuto(quality) ? qualities() : List.of(quality)) {
      OptionalLong tokens = rule != null && rule.qualityFactors().containsKey(q)
          ? (pixels == null ? OptionalLong.empty() : rule.most(q, pixels))
          : isAuto(size) ? mostListed(q) : listed(q, size);
      most = Math.max(most, tokens.orElse(-1));
    }
    return most < 0 ? OptionalLong.empty() : OptionalLong.of(most);
  }

  /** The table's tokens for {@code quality|size}, the most specific key first. */
  private OptionalLong listed(String quality, String size) {
    for (String key : List.of(quality + "|" + size, quality + "|*", "*|" + size, "*|*")) {
      Long tokens = perImage.get(key);
      if (tokens != null) {
        return OptionalLong.of(tokens);
      }
    }
    return OptionalLong.empty();
  }

  /** The table's most tokens at {@code quality} (or {@code *}), at any size. */
  private OptionalLong mostListed(String quality) {
    return perImage.entrySet().stream()
        .filter(e -> {
          String q = e.getKey().split("\\|", 2)[0];
          return q.equals(quality) || q.equals("*");
        })
        .mapToLong(Map.Entry::getValue).max();
  }

  /** Every quality the rule or the table names ({@code *} when none does). */
  private Set<String> qualities() {
    Set<String> all = new LinkedHashSet<>();
    if (rule != null) {
      all.addAll(rule.qualityFactors().keySet());
    }
    perImage.keySet().forEach(key -> all.add(key.split("\\|", 2)[0]));
    if (all.isEmpty()) {
      all.add("*");
    }
    return all;
  }

  private static Size.Pixels pixels(String size) {
    if (size == null) {
      return null;
    }
    try {
      return Size.parse(size) instanceof Size.Pixels p ? p : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean isAuto(String value) {
    return value == null || value.equals("auto");
  }
}
