package dev.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.imagegate.Size;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How many image output tokens one generated image costs, before the call: what a token-billed model (gpt-image-2,
 * Gemini image models) will bill, so that a budget can reserve it. A table by quality and size ({@code quality|size},
 * {@code *} for any), looked up first, then a rule for any {@code WxH} size. {@code auto} (or no value) stands for
 * {@link #autoQuality} and {@link #autoSize} when given, else for {@code *}.
 *
 * @param perImage output tokens per image, keyed {@code quality|size}
 * @param rule tokens for any {@code WxH} size, by quality
 * @param autoQuality the quality {@code auto} is estimated as (e.g. the costliest, for an upper bound)
 * @param autoSize the size {@code auto} is estimated as
 */
public record ImageTokens(@JsonProperty("per_image") Map<String, Long> perImage, Rule rule,
                          @JsonProperty("auto_quality") String autoQuality,
                          @JsonProperty("auto_size") String autoSize) {

  /**
   * OpenAI's gpt-image-2 rule: with {@code f} the quality's factor, {@code s = floor((2 f short + long) / (2 long))}
   * and tokens {@code = ceil(f s (offset + width height) / divisor)}.
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
      long scaled = factor * shortFactor * (areaOffset + (long) width * height);
      return OptionalLong.of((scaled + areaDivisor - 1) / areaDivisor);
    }
  }

  public ImageTokens {
    perImage = perImage == null ? Map.of() : Map.copyOf(perImage);
  }

  /**
   * The output tokens of one image at {@code quality} and {@code size} (either may be null or {@code auto}); empty
   * when neither the table nor the rule covers them.
   */
  public OptionalLong perImage(String quality, String size) {
    String q = isAuto(quality) ? autoQuality : quality;
    String s = isAuto(size) ? autoSize : size;
    for (String key : List.of(q + "|" + s, q + "|*", "*|" + s, "*|*")) {
      Long tokens = perImage.get(key);
      if (tokens != null) {
        return OptionalLong.of(tokens);
      }
    }
    if (rule != null && q != null && s != null) {
      try {
        if (Size.parse(s) instanceof Size.Pixels pixels) {
          return rule.tokens(q, pixels.width(), pixels.height());
        }
      } catch (RuntimeException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }

  private static boolean isAuto(String value) {
    return value == null || value.equals("auto");
  }
}
