package dev.imagegate.error;

import java.time.Duration;
import java.util.Optional;

/** Too many requests, or quota exhausted (HTTP 429). Carries the provider's {@code Retry-After} when it sent one. */
public final class RateLimited extends ImageGateException {
  private final Duration retryAfter;
  private final boolean quotaExhausted;

  public RateLimited(String message, Duration retryAfter, boolean quotaExhausted, Details details) {
    super(message, details, null);
    this.retryAfter = retryAfter;
    this.quotaExhausted = quotaExhausted;
  }

  public RateLimited(String message, Duration retryAfter, Details details) {
    this(message, retryAfter, false, details);
  }

  @Override
  public int status() {
    return 429;
  }

  @Override
  public String type() {
    return "rate_limit_error";
  }

  @Override
  public String code() {
    return quotaExhausted ? "insufficient_quota" : "rate_limit_exceeded";
  }

  /** Quota exhaustion is not retried on the same deployment: waiting does not help. */
  @Override
  public boolean retryable() {
    return !quotaExhausted;
  }

  public boolean quotaExhausted() {
    return quotaExhausted;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
