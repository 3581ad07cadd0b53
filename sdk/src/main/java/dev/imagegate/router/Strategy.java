package dev.imagegate.router;

import java.util.List;

/**
 * Chooses one deployment among healthy candidates that can all serve the request. Implementations are stateless;
 * what they weigh (in-flight counts, latencies, usage, prices, randomness) comes from {@link Signals}.
 */
@FunctionalInterface
public interface Strategy {
  String SIMPLE_SHUFFLE = "simple-shuffle";
  String LEAST_BUSY = "least-busy";
  String LATENCY_BASED = "latency-based-routing";
  String USAGE_BASED = "usage-based-routing";
  String USAGE_BASED_V2 = "usage-based-routing-v2";
  String COST_BASED = "cost-based-routing";

  /** The {@code routing_strategy} names the router accepts (LiteLLM's). */
  List<String> NAMES = List.of(SIMPLE_SHUFFLE, LEAST_BUSY, LATENCY_BASED, USAGE_BASED, USAGE_BASED_V2, COST_BASED);

  /** @param candidates never empty */
  Deployment choose(List<Deployment> candidates, Signals signals);

  /** The strategy for a {@code routing_strategy} name. */
  static Strategy named(String name, RouterSettings settings) {
    return switch (name) {
      case SIMPLE_SHUFFLE -> new SimpleShuffle();
      case LEAST_BUSY -> new LeastBusy();
      case LATENCY_BASED -> new LatencyBased(settings.lowestLatencyBuffer());
      case USAGE_BASED, USAGE_BASED_V2 -> new UsageBased();
      case COST_BASED -> new CostBased();
      default -> throw new IllegalArgumentException("unknown routing_strategy '" + name + "': expected one of "
          + String.join(", ", NAMES));
    };
  }

  /** Picks uniformly among {@code tied}. */
  static Deployment anyOf(List<Deployment> tied, Signals signals) {
    return tied.get(tied.size() == 1 ? 0 : signals.random().nextInt(tied.size()));
  }
}
