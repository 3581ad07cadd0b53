package dev.imagegate.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.RateLimited;
import dev.imagegate.gateway.testing.Redis;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.Router;
import dev.imagegate.router.RouterSettings;
import dev.imagegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two routers, as two gateway instances behind a load balancer, each with its own Redis connection, sharing one
 * namespace: rpm limits hold across both (also when they race) and a deployment cooled down by one is skipped by
 * the other.
 */
class SharedRoutersTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:10Z");

  private final MutableClock clock = new MutableClock(T0);
  private final FleetProvider fleet = new FleetProvider();
  private final List<SharedState> states = new ArrayList<>();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private String namespace;

  @BeforeAll
  static void redis() {
    Redis.require("SharedRoutersTest");
  }

  @BeforeEach
  void namespace() {
    namespace = Redis.newNamespace();
  }

  @AfterEach
  void close() {
    try {
      assertThat(warnings).isEmpty();
      assertThat(states).allSatisfy(state -> assertThat(state.fallbacks().get()).isZero());
    } finally {
      states.forEach(SharedState::close);
      Redis.clear(namespace);
    }
  }

  /** One gateway instance's router: its own connection to the shared Redis. */
  private Router instance(RouterSettings settings, Deployment... deployments) {
    SharedState state = SharedState.redis(Redis.settings(namespace), clock, warnings::add);
    states.add(state);
    return Router.builder(List.of(deployments)).settings(settings)
        .providers(ProviderRegistry.standard().with(fleet)).env(Env.of(Map.of())).clock(clock)
        .sleeper(wait -> {
          throw new AssertionError("no call should wait, yet one waited " + wait);
        })
        .cooldowns(state.cooldowns()).traffic(state.traffic()).costWarnings(warning -> { }).build();
  }

  private static Deployment limited() {
    return Deployment.builder("images", "fleet/up").id("limited").rpm(5).build();
  }

  private static ImageRequest request() {
    return ImageRequest.builder("a lighthouse").model("images").build();
  }

  @Test
  void anRpmLimitHoldsAcrossBothInstances() {
    Router a = instance(RouterSettings.DEFAULTS, limited());
    Router b = instance(RouterSettings.DEFAULTS, limited());
    int servedByA = 0;
    int servedByB = 0;
    int refused = 0;

    for (int i = 0; i < 10; i++) {
      Router router = i % 2 == 0 ? a : b;
      try {
        router.generate(request());
        servedByA += router == a ? 1 : 0;
        servedByB += router == b ? 1 : 0;
      } catch (RateLimited e) {
        refused++;
        assertThat(e.getMessage()).contains("rpm limit");
      }
    }

    assertThat(servedByA).isEqualTo(3);
    assertThat(servedByB).isEqualTo(2);
    assertThat(refused).isEqualTo(5);
    assertThat(fleet.calls("up")).isEqualTo(5);

    clock.advance(Duration.ofSeconds(50));
    assertThat(b.generate(request()).route().deploymentId()).as("the next minute has room again")
        .isEqualTo("limited");
  }

  @Test
  void racingInstancesAdmitExactlyTheLimit() throws Exception {
    Router a = instance(RouterSettings.DEFAULTS, limited());
    Router b = instance(RouterSettings.DEFAULTS, limited());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> calls = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 40; i++) {
        Router router = i % 2 == 0 ? a : b;
        calls.add(threads.submit(() -> {
          go.await();
          try {
            return router.generate(request()).data().size() == 1;
          } catch (RateLimited e) {
            return false;
          }
        }));
      }
      go.countDown();
    }
    int served = 0;
    for (Future<Boolean> call : calls) {
      served += call.get() ? 1 : 0;
    }

    assertThat(served).isEqualTo(5);
    assertThat(fleet.calls("up")).isEqualTo(5);
  }

  @Test
  void aDeploymentCooledDownByOneInstanceIsSkippedByTheOther() {
    RouterSettings settings = RouterSettings.DEFAULTS.withCooldowns(0, Duration.ofSeconds(60));
    Deployment down = Deployment.builder("images", "fleet/down").id("down").order(1).build();
    Deployment up = Deployment.builder("images", "fleet/up").id("up").order(2).build();
    Router a = instance(settings, down, up);
    Router b = instance(settings, down, up);

    ImageResponse first = a.generate(request());
    assertThat(first.route().deploymentId()).isEqualTo("up");
    assertThat(first.route().attempts()).as("A tried the failing deployment first").isEqualTo(2);

    ImageResponse second = b.generate(request());
    assertThat(second.route().deploymentId()).isEqualTo("up");
    assertThat(second.route().attempts()).as("B knew it was cooling down").isEqualTo(1);
    assertThat(fleet.calls("down")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(61));
    assertThat(b.generate(request()).route().attempts()).as("after the cooldown B tries it again").isEqualTo(2);
    assertThat(fleet.calls("down")).isEqualTo(2);
  }
}
