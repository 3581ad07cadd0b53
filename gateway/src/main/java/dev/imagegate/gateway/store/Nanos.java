package dev.imagegate.gateway.store;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as stored: a whole number of nano-USD (1e-9 USD) in a BIGINT, exact on SQLite and PostgreSQL alike and
 * summable in SQL. Every bundled price has at most 8 decimals, so table prices convert without rounding; a finer
 * amount (an odd per-pixel override) is rounded half-up to the nano-dollar.
 */
public final class Nanos {
  private static final int SCALE = 9;

  private Nanos() {}

  public static long of(BigDecimal usd) {
    return usd.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
  }

  public static Long ofNullable(BigDecimal usd) {
    return usd == null ? null : of(usd);
  }

  public static BigDecimal toUsd(long nanos) {
    BigDecimal usd = BigDecimal.valueOf(nanos, SCALE).stripTrailingZeros();
    return usd.signum() == 0 ? BigDecimal.ZERO : usd.scale() < 0 ? usd.setScale(0) : usd;
  }

  public static BigDecimal toUsdNullable(Long nanos) {
    return nanos == null ? null : toUsd(nanos);
  }
}
