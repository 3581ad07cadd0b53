package dev.imagegate.gateway.spend;

import java.time.Duration;

/** Exponential backoff between failed writes: {@code initial}, doubled per failure, never above {@code max}. */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
  }

  /** The wait after {@code failures} consecutive failures (1 or more). */
  public Duration after(int failures) {
    Duration wait = initial;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
