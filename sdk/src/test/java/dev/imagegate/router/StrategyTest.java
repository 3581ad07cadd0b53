package dev.imagegate.router;

import static dev.imagegate.router.Harness.deployment;
import static dev.imagegate.router.Harness.request;
import static dev.imagegate.router.Harness.served;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.cost.PriceOverrides;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrategyTest {
  private final Harness h = new Harness();

  @Test
  void simpleShuffleIsWeightedByWeight() {
    Router router = h.router(deployment("a", "g", "fake/a").weight(1.0).build(),
        deployment("b", "g", "fake/b").weight(3.0).build());
    h.random.next(0.0, 0.24, 0.26, 0.99);

    assertThat(served(router, request("g"), 4)).containsExactly("a", "a", "b", "b");
  }

  @Test
  void simpleShuffleFallsBackToRpmAsWeight() {
    Router router = h.router(deployment("a", "g", "fake/a").rpm(900).build(),
        deployment("b", "g", "fake/b").rpm(100).build());
    h.random.next(0.89, 0.91);

    assertThat(served(router, request("g"), 2)).containsExactly("a", "b");
  }

  @Test
  void simpleShuffleSpreadsByWeightOverManyCalls() {
    Router router = Router.builder(List.of(deployment("a", "g", "fake/a").weight(1.0).build(),
            deployment("b", "g", "fake/b").weight(3.0).build()))
        .providers(dev.imagegate.provider.ProviderRegistry.standard().with(h.fake)).clock(h.clock)
        .random(new Random(42)).pricing(Harness.PRICES).build();

    List<String> ids = served(router, request("g"), 2000);

    assertThat(Collections.frequency(ids, "b")).isBetween(1400, 1600);
  }

  @Test
  void leastBusyPicksTheFewestInFlight() {
    h.settings = h.settings.withRoutingStrategy(Strategy.LEAST_BUSY);
    Router router = h.router(deployment("a", "g", "fake/a").build(), deployment("b", "g", "fake/b").build(),
        deployment("c", "g", "fake/c").build());
    h.traffic.tryStart("a", null, h.clock.instant());
    h.traffic.tryStart("a", null, h.clock.instant());
    h.traffic.tryStart("c", null, h.clock.instant());

    assertThat(served(router, request("g"), 3)).containsOnly("b");
  }

  @Test
  void latencyBasedTriesUnmeasuredDeploymentsThenSticksToTheFastest() {
    h.settings = h.settings.withRoutingStrategy(Strategy.LATENCY_BASED);
    h.fake.latency("a", Duration.ofSeconds(3)).latency("b", Duration.ofSeconds(1));
    Router router = h.router(deployment("a", "g", "fake/a").build(), deployment("b", "g", "fake/b").build());

    List<String> ids = served(router, request("g"), 6);

    assertThat(ids.subList(0, 2)).containsExactlyInAnyOrder("a", "b");
    assertThat(ids.subList(2, 6)).containsOnly("b");
    assertThat(h.traffic.averageLatency("a")).contains(Duration.ofSeconds(3));
  }

  @Test
  void latencyBufferSharesTrafficAmongNearlyFastDeployments() {
    h.settings = h.settings.withRoutingStrategy(Strategy.LATENCY_BASED).withLowestLatencyBuffer(0.1);
    h.fake.latency("a", Duration.ofMillis(1050)).latency("b", Duration.ofMillis(1000))
        .latency("c", Duration.ofMillis(1200));
    Router router = h.router(deployment("a", "g", "fake/a").build(), deployment("b", "g", "fake/b").build(),
        deployment("c", "g", "fake/c").build());
    h.traffic.recordLatency("a", Duration.ofMillis(1050));
    h.traffic.recordLatency("b", Duration.ofMillis(1000));
    h.traffic.recordLatency("c", Duration.ofMillis(1200));
    h.random.next(0.0, 0.99, 0.0, 0.99);

    assertThat(served(router, request("g"), 4)).containsExactly("a", "b", "a", "b");
  }

  @Test
  void usageBasedPicksTheFewestRequestsThisMinute() {
    h.settings = h.settings.withRoutingStrategy(Strategy.USAGE_BASED);
    Router router = h.router(deployment("a", "g", "fake/a").rpm(100).build(),
        deployment("b", "g", "fake/b").rpm(100).build());
    for (int i = 0; i < 3; i++) {
      h.traffic.tryStart("a", null, h.clock.instant());
      h.traffic.finished("a");
    }

    assertThat(served(router, request("g"), 3)).containsExactly("b", "b", "b");
    assertThat(served(router, request("g"), 1)).containsAnyOf("a", "b");
    assertThat(h.traffic.requestsThisMinute("b", h.clock.instant())).isGreaterThanOrEqualTo(3);
  }

  @Test
  void costBasedPicksTheCheapestForTheRequestsSize() {
    h.settings = h.settings.withRoutingStrategy(Strategy.COST_BASED);
    PriceOverrides perImage = PriceOverrides.of(Map.of("output_cost_per_image", new BigDecimal("0.03")));
    PriceOverrides perPixel = PriceOverrides.of(Map.of("input_cost_per_pixel", new BigDecimal("0.00000004")));
    Router router = h.router(deployment("flat", "g", "fake/x").prices(perImage).build(),
        deployment("area", "g", "fake/y").prices(perPixel).build(),
        deployment("unpriced", "g", "fake/z").build());

    String small = router.generate(request("g").toBuilder().size("256x256").build()).route().deploymentId();
    String large = router.generate(request("g").toBuilder().size("1024x1024").build()).route().deploymentId();

    assertThat(small).isEqualTo("area");
    assertThat(large).isEqualTo("flat");
  }

  @Test
  void costBasedUsesTheTablePrices() {
    h.settings = h.settings.withRoutingStrategy(Strategy.COST_BASED);
    Router router = h.router(deployment("a", "g", "fake/a").build(), deployment("b", "g", "fake/b").build());

    assertThat(served(router, request("g"), 3)).containsOnly("b");
  }

  @Test
  void orderRestrictsChoiceToTheLowestHealthyOrder() {
    Router router = h.router(deployment("primary", "g", "fake/a").order(1).build(),
        deployment("backup", "g", "fake/b").order(2).build(), deployment("last", "g", "fake/c").build());
    h.random.next(0.99);

    assertThat(served(router, request("g"), 3)).containsOnly("primary");

    h.cooldowns.coolDown("primary", h.clock.instant().plusSeconds(30));
    assertThat(served(router, request("g"), 2)).containsOnly("backup");
  }
}
