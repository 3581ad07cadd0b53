package dev.imagegate.cost;

import dev.imagegate.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;

/** The arithmetic of prices: pure functions from a price and an {@link CostCalculator.Order} to USD, or null. */
final class Charges {
  private Charges() {
  }

  /** Override prices for a served call: tokens when usage was reported, else per image, else per pixel. */
  static BigDecimal override(PriceOverrides prices, CostCalculator.Order order) {
    if (prices.hasTokenPrices() && !order.usage().isEmpty()) {
      return tokens(prices.tokenPrice(), order.usage());
    }
    return overrideEstimate(prices, order);
  }

  static BigDecimal overrideEstimate(PriceOverrides prices, CostCalculator.Order order) {
    if (prices.perImage() != null) {
      return times(prices.perImage(), order.images());
    }
    if (prices.perPixel() != null && order.area() != null) {
      return times(prices.perPixel().multiply(BigDecimal.valueOf(order.area())), order.images());
    }
    return null;
  }

  /** Table prices for a served call: tokens when usage was reported, else style, size and quality, else pixels. */
  static BigDecimal table(Pricing.ModelPrice price, CostCalculator.Order order) {
    if (price.perToken() != null && !order.usage().isEmpty()) {
      return tokens(price.perToken(), order.usage());
    }
    return tableEstimate(price, order);
  }

  static BigDecimal tableEstimate(Pricing.ModelPrice price, CostCalculator.Order order) {
    BigDecimal each = order.style() == null ? null : price.perStyle().get(order.style());
    if (each == null) {
      each = perImage(price.perImage(), order.quality(), order.size());
    }
    if (each == null && price.perPixel() != null && order.area() != null) {
      each = price.perPixel().multiply(BigDecimal.valueOf(order.area()));
    }
    return each == null ? null : times(each, order.images());
  }

  /** The highest per-image price whose key fits the known parts of the order, when quality or size is open. */
  static BigDecimal upperBound(Pricing.ModelPrice price, CostCalculator.Order order) {
    boolean anyQuality = open(order.quality());
    boolean anySize = open(order.size());
    if (!anyQuality && !anySize) {
      return null;
    }
    BigDecimal max = null;
    for (Map.Entry<String, BigDecimal> entry : price.perImage().entrySet()) {
      String[] key = entry.getKey().split("\\|", 2);
      boolean quality = anyQuality || key[0].equals("*") || key[0].equals(order.quality());
      boolean size = anySize || key.length < 2 || key[1].equals("*") || key[1].equals(order.size());
      if (quality && size && (max == null || entry.getValue().compareTo(max) > 0)) {
        max = entry.getValue();
      }
    }
    return max == null ? null : times(max, order.images());
  }

  /**
   * The most output image tokens one image of the order can be billed ({@link ImageTokens#mostPerImage}: at its
   * quality, or the costliest when it is open; for its area, or the model's largest image when it is open), times the
   * output image price; null without an {@code image_tokens} rule that covers the order.
   */
  static BigDecimal imageTokensBound(Pricing.ModelPrice price, CostCalculator.Order order) {
    ImageTokens rule = price.imageTokens();
    if (rule == null || price.perToken() == null || price.perToken().outputImage() == null) {
      return null;
    }
    OptionalLong tokens = rule.mostPerImage(order.quality(), order.size(), order.area());
    return tokens.isEmpty() ? null : times(price.perToken().outputImage().multiply(
        BigDecimal.valueOf(tokens.getAsLong())), order.images());
  }

  /**
   * The most the prompt can cost as input text, once per image: no tokenizer makes more tokens than the prompt has
   * UTF-8 bytes, plus {@link CostCalculator#PROMPT_OVERHEAD_TOKENS}. Zero for a model without an input text price.
   */
  static BigDecimal promptBound(Pricing.ModelPrice price, String prompt, int images) {
    if (price.perToken() == null || price.perToken().inputText() == null) {
      return BigDecimal.ZERO;
    }
    long tokens = prompt.getBytes(StandardCharsets.UTF_8).length + CostCalculator.PROMPT_OVERHEAD_TOKENS;
    return times(price.perToken().inputText().multiply(BigDecimal.valueOf(tokens)), images);
  }

  /**
   * Every token meter at its price: uncached and cached text input, uncached and cached image input, image output,
   * text output and thinking. Output that the provider did not split counts as image output.
   */
  static BigDecimal tokens(Pricing.TokenPrice price, Usage usage) {
    Usage.InputTokensDetails in = usage.inputTokensDetails();
    long text = in.textTokens();
    long image = in.imageTokens();
    if (text + image == 0) {
      text = usage.inputTokens();
    }
    BigDecimal inputText = orZero(price.inputText());
    BigDecimal inputImage = orZero(price.inputImage());
    BigDecimal outputImage = orZero(price.outputImage());
    BigDecimal outputText = price.outputText() != null ? price.outputText() : outputImage;
    BigDecimal thinking = price.outputThinking() != null ? price.outputThinking() : outputText;
    Usage.OutputTokensDetails out = usage.outputTokensDetails();
    long imageOut = out.isEmpty() ? usage.outputTokens() : out.imageTokens();
    return inputText.multiply(BigDecimal.valueOf(text - in.cachedTextTokens()))
        .add(first(price.cachedInputText(), inputText).multiply(BigDecimal.valueOf(in.cachedTextTokens())))
        .add(inputImage.multiply(BigDecimal.valueOf(image - in.cachedImageTokens())))
        .add(first(price.cachedInputImage(), inputImage).multiply(BigDecimal.valueOf(in.cachedImageTokens())))
        .add(outputImage.multiply(BigDecimal.valueOf(imageOut)))
        .add(outputText.multiply(BigDecimal.valueOf(out.textTokens())))
        .add(thinking.multiply(BigDecimal.valueOf(out.thinkingTokens())));
  }

  private static BigDecimal first(BigDecimal value, BigDecimal fallback) {
    return value != null ? value : fallback;
  }

  /** Looks up {@code quality|size}, then {@code *|size}, {@code quality|*}, {@code *|*}. */
  static BigDecimal perImage(Map<String, BigDecimal> prices, String quality, String size) {
    for (String key : new String[] {quality + "|" + size, "*|" + size, quality + "|*", "*|*"}) {
      BigDecimal value = prices.get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static boolean open(String value) {
    return value == null || value.equals("auto");
  }

  private static BigDecimal times(BigDecimal each, int count) {
    return each.multiply(BigDecimal.valueOf(count));
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
