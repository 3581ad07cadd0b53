package dev.imagegate.cost;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-deployment prices from the configuration ({@code litellm_params} or {@code model_info}), in USD, which win over
 * the bundled table. Every field may be null (unset). The names are LiteLLM's:
 * <ul>
 *   <li>{@code input_cost_per_image} + {@code output_cost_per_image}: per generated image (LiteLLM prices image
 *       generation with either name; when both are set they add up);</li>
 *   <li>{@code input_cost_per_pixel} + {@code output_cost_per_pixel}: per pixel of each generated image;</li>
 *   <li>{@code input_cost_per_token}: per input token (text and image); {@code output_cost_per_image_token}, else
 *       {@code output_cost_per_token}: per output token.</li>
 * </ul>
 * Token prices apply when the provider reported usage; else per-image prices; else per-pixel prices.
 */
public record PriceOverrides(BigDecimal inputCostPerImage, BigDecimal outputCostPerImage,
                             BigDecimal inputCostPerPixel, BigDecimal outputCostPerPixel,
                             BigDecimal inputCostPerToken, BigDecimal outputCostPerToken,
                             BigDecimal outputCostPerImageToken) {
  public static final PriceOverrides NONE = new PriceOverrides(null, null, null, null, null, null, null);

  /** The configuration keys, in the order of the record's fields. */
  public static final List<String> KEYS = List.of("input_cost_per_image", "output_cost_per_image",
      "input_cost_per_pixel", "output_cost_per_pixel", "input_cost_per_token", "output_cost_per_token",
      "output_cost_per_image_token");

  public PriceOverrides {
    for (BigDecimal value : new BigDecimal[] {inputCostPerImage, outputCostPerImage, inputCostPerPixel,
        outputCostPerPixel, inputCostPerToken, outputCostPerToken, outputCostPerImageToken}) {
      if (value != null && value.signum() < 0) {
        throw new IllegalArgumentException("prices must not be negative: " + value.toPlainString());
      }
    }
  }

  /** Builds from {@link #KEYS}; keys not in the map are unset. */
  public static PriceOverrides of(Map<String, BigDecimal> byKey) {
    return new PriceOverrides(byKey.get(KEYS.get(0)), byKey.get(KEYS.get(1)), byKey.get(KEYS.get(2)),
        byKey.get(KEYS.get(3)), byKey.get(KEYS.get(4)), byKey.get(KEYS.get(5)), byKey.get(KEYS.get(6)));
  }

  /** The set prices by configuration key. */
  public Map<String, BigDecimal> asMap() {
    BigDecimal[] values = {inputCostPerImage, outputCostPerImage, inputCostPerPixel, outputCostPerPixel,
        inputCostPerToken, outputCostPerToken, outputCostPerImageToken};
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.put(KEYS.get(i), values[i]);
      }
    }
    return out;
  }

  /** Field by field: this value when set, else {@code other}'s. */
  public PriceOverrides orElse(PriceOverrides other) {
    return new PriceOverrides(first(inputCostPerImage, other.inputCostPerImage),
        first(outputCostPerImage, other.outputCostPerImage), first(inputCostPerPixel, other.inputCostPerPixel),
        first(outputCostPerPixel, other.outputCostPerPixel), first(inputCostPerToken, other.inputCostPerToken),
        first(outputCostPerToken, other.outputCostPerToken),
        first(outputCostPerImageToken, other.outputCostPerImageToken));
  }

  public boolean isEmpty() {
    return asMap().isEmpty();
  }

  /** USD per generated image, or null when neither per-image price is set. */
  public BigDecimal perImage() {
    return sum(inputCostPerImage, outputCostPerImage);
  }

  /** USD per generated pixel, or null when neither per-pixel price is set. */
  public BigDecimal perPixel() {
    return sum(inputCostPerPixel, outputCostPerPixel);
  }

  public boolean hasTokenPrices() {
    return inputCostPerToken != null || outputCostPerToken != null || outputCostPerImageToken != null;
  }

  /** The token prices as the table's shape: text and image input at the input price. */
  Pricing.TokenPrice tokenPrice() {
    BigDecimal output = outputCostPerImageToken != null ? outputCostPerImageToken : outputCostPerToken;
    return new Pricing.TokenPrice(inputCostPerToken, inputCostPerToken, output);
  }

  private static BigDecimal first(BigDecimal a, BigDecimal b) {
    return a != null ? a : b;
  }

  private static BigDecimal sum(BigDecimal a, BigDecimal b) {
    if (a == null && b == null) {
      return null;
    }
    return (a == null ? BigDecimal.ZERO : a).add(b == null ? BigDecimal.ZERO : b);
  }
}
