package dev.imagegate.router;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.RateLimited;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses the deployment for one attempt: image deployments of the group, filtered by tags, by what they can serve
 * (capabilities checked before any money is spent), by health (cooldowns), by {@code rpm} headroom and by
 * {@code order}; then the strategy picks one and its rpm slot is taken atomically.
 */
final class Picker {
  /** The chosen target and the checked request to send it. */
  record Pick(Target target, ImageRequest request) {
    Deployment deployment() {
      return target.deployment();
    }
  }

  private final RouterContext context;

  Picker(RouterContext context) {
    this.context = context;
  }

  /**
   * Picks among {@code servable} (from {@link #servable}) and starts (counts against rpm, marks in flight). Prefers
   * deployments not in {@code avoid}; never picks one in {@code exhausted}.
   *
   * @throws Internal when every servable deployment is exhausted
   * @throws RateLimited when all are cooling down or at their rpm, with the wait until one frees
   */
  Pick pickAndStart(ModelGroup group, Map<Deployment, Pick> allServable, Set<String> avoid, Set<String> exhausted) {
    Map<Deployment, Pick> servable = left(group, allServable, exhausted);
    Instant now = context.clock().instant();
    List<Deployment> candidates = preferred(underLimit(healthy(group, servable, now), now), avoid);
    while (!candidates.isEmpty()) {
      List<Deployment> lowest = lowestOrder(candidates);
      Deployment chosen = context.strategy().choose(lowest, signals(servable, now));
      if (context.traffic().tryStart(chosen.id(), chosen.rpm(), now)) {
        return servable.get(chosen);
      }
      candidates = new ArrayList<>(candidates);
      candidates.remove(chosen);
    }
    throw atLimit(group, now);
  }

  /** Whether a deployment other than {@code failed} could take a retry now. */
  boolean hasAlternative(ModelGroup group, Map<Deployment, Pick> servable, Deployment failed,
                         Set<String> exhausted) {
    try {
      Instant now = context.clock().instant();
      List<Deployment> healthy = healthy(group, left(group, servable, exhausted), now);
      return underLimit(healthy, now).stream().anyMatch(d -> !d.id().equals(failed.id()));
    } catch (ImageGateException e) {
      return false;
    }
  }

  /** The servable deployments not exhausted; an {@link Internal} error when none is left. */
  private static Map<Deployment, Pick> left(ModelGroup group, Map<Deployment, Pick> servable,
                                            Set<String> exhausted) {
    if (exhausted.isEmpty()) {
      return servable;
    }
    Map<Deployment, Pick> out = new LinkedHashMap<>(servable);
    out.keySet().removeIf(d -> exhausted.contains(d.id()));
    if (out.isEmpty()) {
      throw new Internal("No deployment of model group '" + group.name() + "' is left to try", null);
    }
    return out;
  }

  /**
   * The deployments that can serve the request, each with its target and the checked request it would get: the
   * request made for the deployment ({@link Deployment#requestFor}) and checked against what it accepts. Done once
   * per call and group; no I/O.
   *
   * @throws BadRequest (naming the parameter) when no deployment of the group can serve the request's parameters
   *     or tags
   */
  Map<Deployment, Pick> servable(ModelGroup group, ImageRequest request) {
    Map<Deployment, Pick> out = new LinkedHashMap<>();
    ImageGateException firstRefusal = null;
    for (Target target : tagged(group, request)) {
      ImageRequest forDeployment = target.deployment().requestFor(request, context.settings().effectiveTimeout(),
          context.settings().dropParams());
      try {
        ImageRequest checked = context.dispatcher().capabilities(target, forDeployment)
            .check(forDeployment, target.ref().qualified());
        out.put(target.deployment(), new Pick(target, checked));
      } catch (BadRequest | NotFound e) {
        firstRefusal = firstRefusal == null ? e : firstRefusal;
      }
    }
    if (out.isEmpty()) {
      if (group.direct() && firstRefusal != null) {
        throw firstRefusal;
      }
      throw firstRefusal instanceof BadRequest bad
          ? new BadRequest("No deployment of model group '" + group.name() + "' can serve this request: "
              + bad.getMessage(), bad.param(), bad.details())
          : firstRefusal != null ? firstRefusal
          : new Internal("No deployment of model group '" + group.name() + "' is left to try", null);
    }
    return out;
  }

  private List<Target> tagged(ModelGroup group, ImageRequest request) {
    if (!context.settings().enableTagFiltering()) {
      return group.targets();
    }
    return Tags.select(group, request.tags());
  }

  private List<Deployment> healthy(ModelGroup group, Map<Deployment, Pick> servable, Instant now) {
    List<Deployment> healthy = new ArrayList<>();
    Instant earliest = null;
    for (Deployment deployment : servable.keySet()) {
      Optional<Instant> until = context.cooldowns().coolingUntil(deployment.id(), now);
      if (until.isEmpty()) {
        healthy.add(deployment);
      } else if (earliest == null || until.get().isBefore(earliest)) {
        earliest = until.get();
      }
    }
    if (healthy.isEmpty()) {
      Duration wait = Duration.between(now, earliest);
      throw new RateLimited("No deployments available for model group '" + group.name() + "': all are cooling "
          + "down after failures; try again in " + seconds(wait) + " s", wait, null);
    }
    return healthy;
  }

  private static List<Deployment> preferred(List<Deployment> healthy, Set<String> avoid) {
    List<Deployment> others = healthy.stream().filter(d -> !avoid.contains(d.id())).toList();
    return others.isEmpty() ? healthy : others;
  }

  private List<Deployment> underLimit(List<Deployment> deployments, Instant now) {
    return deployments.stream()
        .filter(d -> d.rpm() == null || context.traffic().requestsThisMinute(d.id(), now) < d.rpm()).toList();
  }

  private static List<Deployment> lowestOrder(List<Deployment> candidates) {
    Comparator<Deployment> byOrder = Comparator.comparing(d -> d.order() == null ? Integer.MAX_VALUE : d.order());
    Deployment first = candidates.stream().min(byOrder).orElseThrow();
    return candidates.stream().filter(d -> byOrder.compare(d, first) == 0).toList();
  }

  private RateLimited atLimit(ModelGroup group, Instant now) {
    Instant nextMinute = Instant.ofEpochSecond((now.getEpochSecond() / 60 + 1) * 60);
    Duration wait = Duration.between(now, nextMinute);
    return new RateLimited("Every deployment of model group '" + group.name() + "' is at its rpm limit; a slot "
        + "frees in " + seconds(wait) + " s", wait, null);
  }

  private static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private Signals signals(Map<Deployment, Pick> servable, Instant now) {
    Map<String, Optional<BigDecimal>> prices = new HashMap<>();
    return new Signals() {
      @Override
      public RandomGenerator random() {
        return context.random();
      }

      @Override
      public int inFlight(Deployment deployment) {
        return context.traffic().inFlight(deployment.id());
      }

      @Override
      public Optional<Duration> latency(Deployment deployment) {
        return context.traffic().averageLatency(deployment.id());
      }

      @Override
      public long requestsThisMinute(Deployment deployment) {
        return context.traffic().requestsThisMinute(deployment.id(), now);
      }

      @Override
      public Optional<BigDecimal> price(Deployment deployment) {
        return prices.computeIfAbsent(deployment.id(), id -> {
          Pick pick = servable.get(deployment);
          return context.dispatcher().estimate(pick.target(), pick.request()).usd();
        });
      }
    };
  }
}
