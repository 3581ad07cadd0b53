package dev.imagegate;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a call cost in US dollars, exactly, or an explicit statement that it could not be priced. Never a silent zero:
 * {@link #usd()} is empty when {@link #source()} is {@link Source#UNPRICED}.
 */
public record Cost(BigDecimal amount, Source source, String note) {
  public enum Source {
    /** From the bundled price table. */
    TABLE,
    /** From per-deployment prices in the configuration. */
    OVERRIDE,
    /** Reported by the provider itself (e.g. OpenRouter's usage.cost). */
    PROVIDER,
    /** No price is known for this model, size and quality. */
    UNPRICED
  }

  public Cost {
    if (source == null) {
      throw new IllegalArgumentException("source is required");
    }
    if ((amount == null) != (source == Source.UNPRICED)) {
      throw new IllegalArgumentException("an amount is required exactly when the cost is priced");
    }
    note = note == null ? "" : note;
    if (amount != null) {
      amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }
  }

  public static Cost table(BigDecimal usd) {
    return new Cost(usd, Source.TABLE, "");
  }

  public static Cost override(BigDecimal usd) {
    return new Cost(usd, Source.OVERRIDE, "");
  }

  public static Cost reported(BigDecimal usd) {
    return new Cost(usd, Source.PROVIDER, "");
  }

  public static Cost unpriced(String why) {
    return new Cost(null, Source.UNPRICED, why);
  }

  public boolean priced() {
    return source != Source.UNPRICED;
  }

  public Optional<BigDecimal> usd() {
    return Optional.ofNullable(amount);
  }

  /** The amount as a plain decimal string, or {@code unpriced}. */
  @Override
  public String toString() {
    return priced() ? amount.stripTrailingZeros().toPlainString() : "unpriced";
  }
}
