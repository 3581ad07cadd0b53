package dev.imagegate.router;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The router's behaviour ({@code router_settings}, with {@code litellm_settings} filling what it leaves unset).
 *
 * @param routingStrategy one of {@link Strategy#NAMES}
 * @param numRetries retries per group call for failures the {@code retryPolicy} does not name (default 2)
 * @param timeout per attempt when neither the request nor the deployment sets one; null means 600 s
 * @param allowedFails failures per deployment per minute tolerated before a cooldown (default 3)
 * @param cooldownTime how long a deployment cools down (default 5 s; a 429's Retry-After wins)
 * @param maxFallbacks how many fallback groups one call may try (default 5)
 * @param enableTagFiltering whether request tags select deployments (default false, as in LiteLLM)
 * @param dropParams drop portable parameters a deployment cannot take instead of failing (default false)
 * @param lowestLatencyBuffer latency-based routing picks randomly among deployments within this fraction of the
 *     fastest (default 0: the fastest)
 * @param maxRetryAfter the longest Retry-After the router waits for before giving up on a deployment (default 60 s)
 */
public record RouterSettings(String routingStrategy, int numRetries, RetryPolicy retryPolicy, Duration timeout,
                             int allowedFails, Duration cooldownTime, Fallbacks fallbacks, int maxFallbacks,
                             boolean enableTagFiltering, boolean dropParams, double lowestLatencyBuffer,
                             Duration maxRetryAfter) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
  public static final RouterSettings DEFAULTS = new RouterSettings(Strategy.SIMPLE_SHUFFLE, 2, RetryPolicy.DEFAULT,
      null, 3, Duration.ofSeconds(5), Fallbacks.NONE, 5, false, false, 0, Duration.ofSeconds(60));

  public RouterSettings {
    Objects.requireNonNull(routingStrategy, "routingStrategy");
    if (!Strategy.NAMES.contains(routingStrategy)) {
      throw new IllegalArgumentException("unknown routing_strategy '" + routingStrategy + "': expected one of "
          + String.join(", ", Strategy.NAMES));
    }
    if (numRetries < 0 || allowedFails < 0 || maxFallbacks < 0 || lowestLatencyBuffer < 0) {
      throw new IllegalArgumentException("num_retries, allowed_fails, max_fallbacks and lowest_latency_buffer "
          + "must not be negative");
    }
    retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
    fallbacks = fallbacks == null ? Fallbacks.NONE : fallbacks;
    cooldownTime = cooldownTime == null ? Duration.ofSeconds(5) : cooldownTime;
    maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(60) : maxRetryAfter;
  }

  /** The timeout used when neither the request nor the deployment sets one. */
  public Duration effectiveTimeout() {
    return timeout != null ? timeout : DEFAULT_TIMEOUT;
  }

  public RouterSettings withRoutingStrategy(String value) {
    return new RouterSettings(value, numRetries, retryPolicy, timeout, allowedFails, cooldownTime, fallbacks,
        maxFallbacks, enableTagFiltering, dropParams, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withNumRetries(int value) {
    return new RouterSettings(routingStrategy, value, retryPolicy, timeout, allowedFails, cooldownTime, fallbacks,
        maxFallbacks, enableTagFiltering, dropParams, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withRetryPolicy(RetryPolicy value) {
    return new RouterSettings(routingStrategy, numRetries, value, timeout, allowedFails, cooldownTime, fallbacks,
        maxFallbacks, enableTagFiltering, dropParams, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withTimeout(Duration value) {
    return new RouterSettings(routingStrategy, numRetries, retryPolicy, value, allowedFails, cooldownTime, fallbacks,
        maxFallbacks, enableTagFiltering, dropParams, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withCooldowns(int newAllowedFails, Duration newCooldownTime) {
    return new RouterSettings(routingStrategy, numRetries, retryPolicy, timeout, newAllowedFails, newCooldownTime,
        fallbacks, maxFallbacks, enableTagFiltering, dropParams, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withFallbacks(Fallbacks value, int newMaxFallbacks) {
    return new RouterSettings(routingStrategy, numRetries, retryPolicy, timeout, allowedFails, cooldownTime, value,
        newMaxFallbacks, enableTagFiltering, dropParams, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withTagFiltering(boolean value) {
    return new RouterSettings(routingStrategy, numRetries, retryPolicy, timeout, allowedFails, cooldownTime,
        fallbacks, maxFallbacks, value, dropParams, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withDropParams(boolean value) {
    return new RouterSettings(routingStrategy, numRetries, retryPolicy, timeout, allowedFails, cooldownTime,
        fallbacks, maxFallbacks, enableTagFiltering, value, lowestLatencyBuffer, maxRetryAfter);
  }

  public RouterSettings withLowestLatencyBuffer(double value) {
    return new RouterSettings(routingStrategy, numRetries, retryPolicy, timeout, allowedFails, cooldownTime,
        fallbacks, maxFallbacks, enableTagFiltering, dropParams, value, maxRetryAfter);
  }

  /** The fallback groups named anywhere, for validation. */
  List<String> fallbackTargets() {
    return fallbacks.targets();
  }
}
