package dev.imagegate.router;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.cost.Pricing;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** A router over {@link FakeProvider} with a fake clock, a recording sleeper, scripted randomness and a listener. */
final class Harness {
  static final Instant START = Instant.parse("2026-11-25T12:00:15Z");

  final MutableClock clock = new MutableClock(START);
  final FakeProvider fake = new FakeProvider(clock);
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final List<String> costWarnings = Collections.synchronizedList(new ArrayList<>());
  final InMemoryTraffic traffic = new InMemoryTraffic();
  final InMemoryCooldowns cooldowns = new InMemoryCooldowns();
  final ScriptedRandom random = new ScriptedRandom();
  RouterSettings settings = RouterSettings.DEFAULTS;

  /** fake/a costs $0.04 an image and fake/b $0.02 in the table; other fake models are unpriced. */
  static final Pricing PRICES = Pricing.of(List.of(new Pricing.Table("test", "test", "", Map.of(
      "fake/a", new Pricing.ModelPrice(null, Map.of("*|*", new BigDecimal("0.04")), null, null),
      "fake/b", new Pricing.ModelPrice(null, Map.of("*|*", new BigDecimal("0.02")), null, null)))));

  Router router(Deployment... deployments) {
    return Router.builder(List.of(deployments)).settings(settings)
        .providers(ProviderRegistry.standard().with(fake)).env(Env.of(Map.of())).clock(clock)
        .sleeper(d -> {
          sleeps.add(d);
          clock.advance(d);
        })
        .random(random).traffic(traffic).cooldowns(cooldowns).pricing(PRICES).listener(new Recorder())
        .costWarnings(costWarnings::add).build();
  }

  static Deployment.Builder deployment(String id, String group, String model) {
    return Deployment.builder(group, model).id(id);
  }

  static ImageRequest request(String group) {
    return ImageRequest.builder("a lighthouse").model(group).build();
  }

  /** Serves {@code times} requests and returns the deployment id of each. */
  static List<String> served(Router router, ImageRequest request, int times) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      ids.add(router.generate(request).route().deploymentId());
    }
    return ids;
  }

  /** Returns the values given, in order, then the last one forever; nextInt(bound) maps them onto the bound. */
  static final class ScriptedRandom implements RandomGenerator {
    private final Deque<Double> values = new ArrayDeque<>();
    private double last;

    void next(double... doubles) {
      for (double d : doubles) {
        values.add(d);
      }
    }

    @Override
    public synchronized double nextDouble() {
      if (!values.isEmpty()) {
        last = values.poll();
      }
      return last;
    }

    @Override
    public int nextInt(int bound) {
      return (int) Math.min(bound - 1, Math.floor(nextDouble() * bound));
    }

    @Override
    public long nextLong() {
      return (long) (nextDouble() * Long.MAX_VALUE);
    }
  }

  private final class Recorder implements RouterListener {
    @Override
    public void attemptStarted(Attempt attempt) {
      events.add("start " + attempt.deployment().id() + " #" + attempt.number());
    }

    @Override
    public void attemptFailed(Attempt attempt, ImageGateException error, Duration latency) {
      events.add("fail " + attempt.deployment().id() + " " + error.getClass().getSimpleName());
    }

    @Override
    public void succeeded(Attempt attempt, ImageResponse response) {
      events.add("ok " + attempt.deployment().id());
    }

    @Override
    public void cooledDown(Deployment deployment, Instant until, ImageGateException cause) {
      events.add("cool " + deployment.id() + " for " + Duration.between(clock.instant(), until).toSeconds() + "s");
    }

    @Override
    public void fellBack(String fromGroup, String toGroup, ImageGateException cause) {
      events.add("fallback " + fromGroup + " -> " + toGroup);
    }
  }
}
