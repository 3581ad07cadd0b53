package dev.imagegate.router;

import java.time.Duration;
import java.util.List;

/**
 * {@code latency-based-routing}: the lowest moving-average latency. Deployments not measured yet go first (so each is
 * tried); otherwise the choice is random among those within {@code buffer} (a fraction, e.g. 0.1 for 10%) of the
 * fastest, so one fast deployment does not take all traffic.
 */
final class LatencyBased implements Strategy {
  private final double buffer;

  LatencyBased(double buffer) {
    this.buffer = buffer;
  }

  @Override
  public Deployment choose(List<Deployment> candidates, Signals signals) {
    List<Deployment> unmeasured = candidates.stream().filter(d -> signals.latency(d).isEmpty()).toList();
    if (!unmeasured.isEmpty()) {
      return Strategy.anyOf(unmeasured, signals);
    }
    long fastest = candidates.stream().mapToLong(d -> nanos(d, signals)).min().orElseThrow();
    double limit = fastest * (1 + buffer);
    return Strategy.anyOf(candidates.stream().filter(d -> nanos(d, signals) <= limit).toList(), signals);
  }

  private static long nanos(Deployment deployment, Signals signals) {
    return signals.latency(deployment).map(Duration::toNanos).orElse(0L);
  }
}
