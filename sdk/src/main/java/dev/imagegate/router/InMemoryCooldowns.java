package dev.imagegate.router;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Cooldowns} for one process: a sliding one-minute window of failure times and an end time per deployment. */
public final class InMemoryCooldowns implements Cooldowns {
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Map<String, Instant> cooling = new ConcurrentHashMap<>();

  @Override
  public int recordFailure(String deploymentId, Instant now) {
    Deque<Instant> times = failures.computeIfAbsent(deploymentId, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
      Instant start = now.minus(WINDOW);
      while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
        times.removeFirst();
      }
      return times.size();
    }
  }

  @Override
  public void coolDown(String deploymentId, Instant until) {
    cooling.merge(deploymentId, until, (a, b) -> a.isAfter(b) ? a : b);
    Deque<Instant> times = failures.get(deploymentId);
    if (times != null) {
      synchronized (times) {
        times.clear();
      }
    }
  }

  @Override
  public Optional<Instant> coolingUntil(String deploymentId, Instant now) {
    Instant until = cooling.get(deploymentId);
    return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
  }
}
