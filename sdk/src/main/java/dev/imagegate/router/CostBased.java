package dev.imagegate.router;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code cost-based-routing}: the cheapest estimated price for this request (its n, size, quality and style, with
 * each deployment's price overrides). Deployments that cannot be priced are chosen only when none can; ties are
 * broken at random.
 */
final class CostBased implements Strategy {
  @Override
  public Deployment choose(List<Deployment> candidates, Signals signals) {
    BigDecimal cheapest = candidates.stream().flatMap(d -> signals.price(d).stream()).min(BigDecimal::compareTo)
        .orElse(null);
    if (cheapest == null) {
      return Strategy.anyOf(candidates, signals);
    }
    return Strategy.anyOf(candidates.stream()
        .filter(d -> signals.price(d).map(p -> p.compareTo(cheapest) == 0).orElse(false)).toList(), signals);
  }
}
