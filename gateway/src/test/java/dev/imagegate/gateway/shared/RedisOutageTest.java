package dev.imagegate.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.gateway.testing.Redis;
import dev.imagegate.gateway.testing.TcpProxy;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.Router;
import dev.imagegate.router.Traffic;
import dev.imagegate.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away never fails a call: the link is reached through a proxy the test cuts or stalls, and the link's
 * quiet interval runs on a ticker the test moves.
 */
class RedisOutageTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:10Z");

  private final MutableClock clock = new MutableClock(T0);
  private final AtomicLong ticker = new AtomicLong();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private String namespace;
  private TcpProxy proxy;
  private RedisLink link;

  @BeforeAll
  static void redis() {
    Redis.require("RedisOutageTest");
  }

  @BeforeEach
  void proxy() throws Exception {
    namespace = Redis.newNamespace();
    proxy = new TcpProxy(new InetSocketAddress(Redis.HOST, Redis.PORT));
  }

  @AfterEach
  void close() throws Exception {
    if (link != null) {
      link.close();
    }
    proxy.close();
    Redis.clear(namespace);
  }

  private RedisLink open() {
    link = RedisLink.open(Redis.settings("redis://127.0.0.1:" + proxy.port(), namespace), warnings::add,
        ticker::get);
    return link;
  }

  private Router router(RedisLink redis) {
    return Router.builder(List.of(Deployment.builder("images", "fleet/up").id("up").build()))
        .providers(ProviderRegistry.standard().with(new FleetProvider())).env(Env.of(Map.of())).clock(clock)
        .cooldowns(new RedisCooldowns(redis, clock)).traffic(new RedisTraffic(redis, clock))
        .costWarnings(warning -> { }).build();
  }

  private static ImageRequest request() {
    return ImageRequest.builder("a lighthouse").model("images").build();
  }

  private long sharedRequests() {
    String count = Redis.run(r -> r.get(namespace + ":{up}:rpm:" + T0.getEpochSecond() / 60));
    return count == null ? 0 : Long.parseLong(count);
  }

  @Test
  void redisGoingAwayMidRunFailsNoCallAndIsReportedOnce() {
    Router router = router(open());
    router.generate(request());
    assertThat(sharedRequests()).isEqualTo(1);

    proxy.cut();
    for (int i = 0; i < 10; i++) {
      assertThat(router.generate(request()).route().deploymentId()).isEqualTo("up");
    }

    assertThat(link.fallbacks()).as("every state operation of the 10 calls").isGreaterThanOrEqualTo(10 * 3);
    assertThat(warnings).singleElement().asString().contains("failed").contains("per-process router state")
        .contains("127.0.0.1:" + proxy.port());
    assertThat(sharedRequests()).isEqualTo(1);

    proxy.restore();
    ticker.addAndGet(RedisLink.RETRY_INTERVAL.toNanos());
    awaitShared(() -> {
      router.generate(request());
      return sharedRequests() > 1;
    });
    assertThat(warnings).hasSize(2).last().asString().contains("answers again");
  }

  @Test
  void aHungRedisCostsOneCommandTimeoutNotOnePerOperation() {
    Traffic traffic = new RedisTraffic(open(), clock);
    assertThat(traffic.tryStart("d", 100, T0)).isTrue();

    proxy.stall();
    long start = System.nanoTime();
    assertThat(traffic.tryStart("d", 100, T0)).as("counted here while Redis hangs").isTrue();
    Duration first = Duration.ofNanos(System.nanoTime() - start);
    start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      traffic.tryStart("d", 100, T0);
      traffic.requestsThisMinute("d", T0);
    }
    Duration next = Duration.ofNanos(System.nanoTime() - start);

    assertThat(first).as("one command timeout").isLessThan(Duration.ofSeconds(3));
    assertThat(next).as("100 operations without waiting on Redis (each wait would be 200 ms)")
        .isLessThan(Duration.ofSeconds(2));
    assertThat(link.fallbacks()).isEqualTo(101);
    assertThat(warnings).singleElement().asString().contains("failed");

    proxy.restore();
    ticker.addAndGet(RedisLink.RETRY_INTERVAL.toNanos());
    awaitShared(() -> traffic.tryStart("d", 100, T0) && link.fallbacks() == 101);
    assertThat(warnings).last().asString().contains("answers again");
  }

  @Test
  void aRedisUnreachableAtStartUpStillGivesWorkingStateAndIsUsedOnceItAnswers() {
    proxy.cut();
    Router router = router(open());

    assertThat(warnings).singleElement().asString().contains("not reachable")
        .contains("NOT shared with other gateways");
    assertThat(router.generate(request()).route().deploymentId()).isEqualTo("up");
    assertThat(link.fallbacks()).isPositive();

    proxy.restore();
    ticker.addAndGet(RedisLink.RETRY_INTERVAL.toNanos());
    awaitShared(() -> {
      router.generate(request());
      return sharedRequests() > 0;
    });
    assertThat(warnings).last().asString().contains("answers again");
  }

  /**
   * Polls until {@code reachedRedis}: the background reconnection takes its own time. The link's clock moves on a
   * retry interval per poll, as real time would: a probe that came before the reconnection rests the link for one
   * interval of that clock, which a frozen test clock would make last forever.
   */
  private void awaitShared(BooleanSupplier reachedRedis) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!reachedRedis.getAsBoolean()) {
      ticker.addAndGet(RedisLink.RETRY_INTERVAL.toNanos());
      assertThat(System.nanoTime()).as("Redis was used again within 15 s").isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
