package dev.imagegate.router;

import java.util.List;

/**
 * {@code usage-based-routing} (and {@code -v2}): the fewest requests in the current minute. Deployments at their
 * {@code rpm} never get here (the router skips them); ties are broken at random.
 */
final class UsageBased implements Strategy {
  @Override
  public Deployment choose(List<Deployment> candidates, Signals signals) {
    long fewest = candidates.stream().mapToLong(signals::requestsThisMinute).min().orElseThrow();
    return Strategy.anyOf(candidates.stream().filter(d -> signals.requestsThisMinute(d) == fewest).toList(),
        signals);
  }
}
