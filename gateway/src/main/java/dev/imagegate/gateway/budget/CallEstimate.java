package dev.imagegate.gateway.budget;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.router.Fallbacks;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Prepared;
import dev.imagegate.router.Router;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a call can cost at most, for its budget reservation: the highest pre-call estimate among the deployments of
 * its group and of every fallback group the router may reach from it ({@code fallbacks} or its {@code "*"} entry or
 * {@code default_fallbacks}, and {@code content_policy_fallbacks}, each cut at {@code max_fallbacks}). Retries and
 * failed attempts cost nothing (a call is charged once, for the deployment that served it), so the most expensive
 * reachable deployment bounds what any sequence of retries and fallbacks can spend. A fallback group that cannot be
 * priced, or cannot take the request, adds nothing (it would charge nothing either).
 */
public final class CallEstimate {
  private CallEstimate() {}

  /** The reservation for a prepared request; unpriced when its group is. */
  public static Cost of(Router router, Prepared prepared) {
    return of(router, prepared, 0);
  }

  /**
   * The reservation for a prepared request streamed with {@code partialImages} partial images (which token-billed
   * models bill as output image tokens); unpriced when its group is.
   */
  public static Cost of(Router router, Prepared prepared, int partialImages) {
    Cost highest = router.estimate(prepared, partialImages);
    ModelGroup group = prepared.group();
    ImageRequest request = prepared.request();
    if (!highest.priced()) {
      return highest;
    }
    for (String name : reachable(router.settings().fallbacks(), router.settings().maxFallbacks(), group.name())) {
      Optional<ModelGroup> fallback = router.group(name);
      if (fallback.isEmpty()) {
        continue;
      }
      Cost cost;
      try {
        cost = router.estimate(router.prepare(fallback.get(), request.toBuilder().model(name).build()),
            partialImages);
      } catch (ImageGateException e) {
        continue;
      }
      if (cost.priced() && cost.amount().compareTo(highest.amount()) > 0) {
        highest = cost;
      }
    }
    return highest;
  }

  /** Every group a call on {@code group} may fall back to, whatever its failure. */
  static Set<String> reachable(Fallbacks fallbacks, int max, String group) {
    Set<String> out = new LinkedHashSet<>();
    List<String> general = fallbacks.general().containsKey(group) ? fallbacks.general().get(group)
        : fallbacks.general().getOrDefault("*", fallbacks.defaults());
    general.stream().filter(g -> !g.equals(group)).limit(max).forEach(out::add);
    if (fallbacks.contentPolicy() != null) {
      fallbacks.contentPolicy().getOrDefault(group, List.of()).stream().filter(g -> !g.equals(group)).limit(max)
          .forEach(out::add);
    }
    return out;
  }
}
