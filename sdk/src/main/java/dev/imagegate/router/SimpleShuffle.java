package dev.imagegate.router;

import java.util.List;
import java.util.function.Function;

/**
 * {@code simple-shuffle}: random, weighted by {@code weight} when any candidate sets one, else by {@code rpm} when any
 * sets one, else uniform. As in LiteLLM, a candidate without the weighting field counts as zero; when all weights
 * are zero the choice is uniform.
 */
final class SimpleShuffle implements Strategy {
  @Override
  public Deployment choose(List<Deployment> candidates, Signals signals) {
    if (candidates.stream().anyMatch(d -> d.weight() != null)) {
      return weighted(candidates, d -> d.weight() == null ? 0 : d.weight(), signals);
    }
    if (candidates.stream().anyMatch(d -> d.rpm() != null)) {
      return weighted(candidates, d -> d.rpm() == null ? 0 : d.rpm().doubleValue(), signals);
    }
    return Strategy.anyOf(candidates, signals);
  }

  private static Deployment weighted(List<Deployment> candidates, Function<Deployment, Double> weight,
                                     Signals signals) {
    double total = candidates.stream().mapToDouble(weight::apply).sum();
    if (total <= 0) {
      return Strategy.anyOf(candidates, signals);
    }
    double point = signals.random().nextDouble() * total;
    for (Deployment candidate : candidates) {
      point -= weight.apply(candidate);
      if (point < 0) {
        return candidate;
      }
    }
    return candidates.get(candidates.size() - 1);
  }
}
