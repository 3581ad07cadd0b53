package dev.imagegate.router;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Live load per deployment: calls in flight, requests per clock minute (for {@code rpm} limits and usage-based
 * routing) and recent latencies. An interface so several gateway instances can share it (e.g. through Redis); the
 * default {@link InMemoryTraffic} is per process. Implementations are thread-safe.
 */
public interface Traffic {
  /** Counts nothing: for callers with one target and no rpm limits (the SDK client). */
  Traffic NONE = new Traffic() {
    @Override
    public boolean tryStart(String deploymentId, Integer rpm, Instant now) {
      return true;
    }

    @Override
    public void finished(String deploymentId) {
    }

    @Override
    public void recordLatency(String deploymentId, Duration latency) {
    }

    @Override
    public int inFlight(String deploymentId) {
      return 0;
    }

    @Override
    public long requestsThisMinute(String deploymentId, Instant now) {
      return 0;
    }

    @Override
    public Optional<Duration> averageLatency(String deploymentId) {
      return Optional.empty();
    }
  };

  /**
   * Counts a request against the deployment's current minute and marks it in flight, unless {@code rpm} is set and
   * the minute already holds that many. Atomic: two racing callers never both take the last slot.
   *
   * @return false when the deployment is at its limit (nothing was counted)
   */
  boolean tryStart(String deploymentId, Integer rpm, Instant now);

  /** Marks a started call finished (success or failure). */
  void finished(String deploymentId);

  /** Adds one latency sample to the deployment's moving average. */
  void recordLatency(String deploymentId, Duration latency);

  int inFlight(String deploymentId);

  long requestsThisMinute(String deploymentId, Instant now);

  Optional<Duration> averageLatency(String deploymentId);
}
