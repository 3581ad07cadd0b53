package dev.imagegate.cost;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Prices one call from what was asked (model, size, quality) and what came back (image count, token usage). Pure: the
 * same inputs always give the same cost. A provider-reported cost wins; a model with no price is
 * {@link Cost#unpriced}, never zero.
 */
public final class CostCalculator {
  private final Pricing pricing;

  public CostCalculator(Pricing pricing) {
    this.pricing = pricing;
  }

  public Cost cost(String provider, String model, ImageRequest request, ImageResponse response) {
    if (response.cost().source() == Cost.Source.PROVIDER) {
      return response.cost();
    }
    Optional<Pricing.ModelPrice> price = pricing.find(provider, model);
    if (price.isEmpty()) {
      return Cost.unpriced("no price known for " + provider + "/" + model);
    }
    return priceOf(price.get(), provider + "/" + model, request, response);
  }

  static Cost priceOf(Pricing.ModelPrice price, String name, ImageRequest request, ImageResponse response) {
    Usage usage = response.usage();
    if (price.perToken() != null && !usage.isEmpty()) {
      return Cost.table(tokens(price.perToken(), usage));
    }
    String quality = request.quality() != null ? request.quality() : price.defaults().quality();
    String size = request.size() != null ? request.size().wire() : price.defaults().size();
    BigDecimal each = perImage(price, quality, size);
    if (each == null) {
      return Cost.unpriced("no price for " + name + " at quality " + quality + " and size " + size);
    }
    return Cost.table(each.multiply(BigDecimal.valueOf(response.data().size())));
  }

  static BigDecimal tokens(Pricing.TokenPrice price, Usage usage) {
    long text = usage.inputTokensDetails().textTokens();
    long image = usage.inputTokensDetails().imageTokens();
    if (text + image == 0) {
      text = usage.inputTokens();
    }
    return orZero(price.inputText()).multiply(BigDecimal.valueOf(text))
        .add(orZero(price.inputImage()).multiply(BigDecimal.valueOf(image)))
        .add(orZero(price.outputImage()).multiply(BigDecimal.valueOf(usage.outputTokens())));
  }

  private static BigDecimal perImage(Pricing.ModelPrice price, String quality, String size) {
    for (String key : new String[] {quality + "|" + size, "*|" + size, quality + "|*", "*|*"}) {
      BigDecimal value = price.perImage().get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
