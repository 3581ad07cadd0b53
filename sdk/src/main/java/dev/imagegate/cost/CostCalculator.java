package dev.imagegate.cost;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Size;
import dev.imagegate.Usage;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Prices one call from what was asked (model, size, quality, style) and what came back (image count, token usage,
 * the size served). The same inputs always give the same cost. Precedence: a provider-reported cost, then the
 * deployment's {@link PriceOverrides}, then provider-reported credits times the catalogue's {@code per_credit}
 * (Recraft), then the catalogue's {@link Pricing}. A call no price covers is
 * {@link Cost#unpriced}, never zero. Thread-safe.
 */
public final class CostCalculator {
  private static final Pricing.Defaults NO_DEFAULTS = new Pricing.Defaults(null, null);

  private final Pricing pricing;
  private final Consumer<String> warnings;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** A calculator that reports nothing: unpriced results are only visible in the returned {@link Cost}. */
  public CostCalculator(Pricing pricing) {
    this(pricing, null);
  }

  private CostCalculator(Pricing pricing, Consumer<String> warnings) {
    this.pricing = pricing;
    this.warnings = warnings;
  }

  /** A calculator over the same prices that tells {@code sink} once per model that it could not be priced. */
  public CostCalculator warningOnce(Consumer<String> sink) {
    return new CostCalculator(pricing, sink);
  }

  public Pricing pricing() {
    return pricing;
  }

  public Cost cost(String provider, String model, ImageRequest request, ImageResponse response) {
    return cost(provider, model, PriceOverrides.NONE, request, response);
  }

  /** The cost of a served call, {@code overrides} winning over the table. */
  public Cost cost(String provider, String model, PriceOverrides overrides, ImageRequest request,
                   ImageResponse response) {
    if (response.cost().source() == Cost.Source.PROVIDER) {
      return response.cost();
    }
    Optional<Pricing.ModelPrice> price = pricing.find(provider, model);
    Order order = Order.served(request, response, price.map(Pricing.ModelPrice::defaults).orElse(NO_DEFAULTS));
    BigDecimal fromOverrides = Charges.override(overrides, order);
    if (fromOverrides != null) {
      return Cost.override(fromOverrides);
    }
    if (price.isPresent() && price.get().perCredit() != null
        && response.openAiFields().get("credits") instanceof BigDecimal credits) {
      return new Cost(credits.multiply(price.get().perCredit()), Cost.Source.PROVIDER,
          credits.toPlainString() + " credits reported by " + provider);
    }
    BigDecimal fromTable = price.map(p -> Charges.table(p, order)).orElse(null);
    return fromTable != null ? Cost.table(fromTable) : unpriced(provider + "/" + model, price.isPresent(), order);
  }

  /**
   * Input tokens a prompt may carry beyond its UTF-8 bytes (the provider's own framing of the text), in the
   * estimate's bound on the prompt.
   */
  public static final int PROMPT_OVERHEAD_TOKENS = 32;

  /**
   * The most a request can cost, before it is sent: what a budget reserves for it. Per image: the per-image price for
   * its quality, size and style (per-image or per-pixel prices; overrides first), else, when quality or size is
   * {@code auto} or unset and the table has no default for it, the highest matching per-image price; for a
   * token-billed model without per-image prices (gpt-image-2), the output image tokens of the largest image the
   * request allows at the costliest quality it allows ({@code image_tokens} in the catalogue). A token-billed model
   * adds its prompt as input text, bounded by the prompt's length. Times {@code n}. Anything but an exact per-image
   * price is an upper bound and says so in the note. A token-billed model with neither per-image prices nor an image
   * token rule gives {@link Cost#unpriced} without a warning (the call itself is priced from its usage).
   */
  public Cost estimate(String provider, String model, PriceOverrides overrides, ImageRequest request) {
    Optional<Pricing.ModelPrice> price = pricing.find(provider, model);
    Order order = Order.asked(request, price.map(Pricing.ModelPrice::defaults).orElse(NO_DEFAULTS));
    BigDecimal fromOverrides = Charges.overrideEstimate(overrides, order);
    if (fromOverrides != null) {
      return Cost.override(fromOverrides);
    }
    if (price.isEmpty()) {
      return unpriced(provider + "/" + model, false, order);
    }
    Pricing.ModelPrice prices = price.get();
    BigDecimal images = Charges.tableEstimate(prices, order);
    String note = null;
    if (images == null) {
      images = Charges.upperBound(prices, order);
      note = "upper bound: quality or size is auto";
    }
    if (images == null) {
      images = Charges.imageTokensBound(prices, order);
      note = "upper bound: image tokens of the largest image at the costliest quality the request allows";
    }
    if (images == null && prices.perImage().isEmpty() && prices.perToken() != null) {
      return Cost.unpriced("token-billed: priced from the usage the answer reports");
    }
    if (images == null) {
      return unpriced(provider + "/" + model, true, order);
    }
    BigDecimal prompt = Charges.promptBound(prices, request.prompt(), order.images());
    if (prompt.signum() == 0) {
      return note == null ? Cost.table(images) : new Cost(images, Cost.Source.TABLE, note);
    }
    return new Cost(images.add(prompt), Cost.Source.TABLE, (note == null ? "" : note + "; ")
        + "with the prompt's input tokens at most its length");
  }

  private Cost unpriced(String name, boolean known, Order order) {
    String why = known
        ? "no price for " + name + " at quality " + order.quality() + ", size " + order.size()
            + (order.style() == null ? "" : ", style " + order.style())
        : "no price known for " + name;
    if (warnings != null && warned.add(name)) {
      warnings.accept("Calls to " + name + " are unpriced (" + why + "); set input_cost_per_image, "
          + "output_cost_per_image, input_cost_per_pixel or *_cost_per_token on the deployment to price them");
    }
    return Cost.unpriced(why);
  }

  /**
   * What is priced: quality and size as asked (or the model's defaults), style, images, usage and the pixel area of
   * one image (null when unknown).
   */
  record Order(String quality, String size, String style, int images, Usage usage, Long area) {
    static Order served(ImageRequest request, ImageResponse response, Pricing.Defaults defaults) {
      Order asked = asked(request, defaults);
      Long area = areaOf(response.openAiFields().get("size"));
      return new Order(asked.quality, asked.size, asked.style, response.data().size(), response.usage(),
          area != null ? area : asked.area);
    }

    static Order asked(ImageRequest request, Pricing.Defaults defaults) {
      String quality = request.quality() != null ? request.quality() : defaults.quality();
      String size = request.size() != null ? request.size().wire() : defaults.size();
      return new Order(quality, size, request.style(), request.count(), Usage.NONE, areaOf(size));
    }

    private static Long areaOf(Object size) {
      if (!(size instanceof String text)) {
        return null;
      }
      try {
        return Size.parse(text) instanceof Size.Pixels pixels ? (long) pixels.width() * pixels.height() : null;
      } catch (RuntimeException e) {
        return null;
      }
    }
  }
}
