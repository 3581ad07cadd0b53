package dev.imagegate.router;

import java.util.List;

/** {@code least-busy}: the fewest calls in flight; ties are broken at random. */
final class LeastBusy implements Strategy {
  @Override
  public Deployment choose(List<Deployment> candidates, Signals signals) {
    int fewest = candidates.stream().mapToInt(signals::inFlight).min().orElseThrow();
    return Strategy.anyOf(candidates.stream().filter(d -> signals.inFlight(d) == fewest).toList(), signals);
  }
}
