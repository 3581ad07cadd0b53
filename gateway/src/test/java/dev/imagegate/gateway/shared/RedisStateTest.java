package dev.imagegate.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.testing.Redis;
import dev.imagegate.router.Cooldowns;
import dev.imagegate.router.Traffic;
import dev.imagegate.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contracts on the Redis state, and what only shared state does: several instances (each with its own
 * connection, as separate gateways) see one another's counts, cooldowns and latencies. Each test has its own
 * namespace and checks that Redis answered every operation (no fallback, no warning).
 */
class RedisStateTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private final List<SharedState> opened = new ArrayList<>();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private String namespace;

  @BeforeAll
  static void redis() {
    Redis.require("RedisStateTest");
  }

  @BeforeEach
  void namespace() {
    namespace = Redis.newNamespace();
  }

  @AfterEach
  void close() {
    try {
      assertThat(warnings).isEmpty();
      assertThat(opened).allSatisfy(state -> assertThat(state.fallbacks().get()).isZero());
    } finally {
      opened.forEach(SharedState::close);
      Redis.clear(namespace);
    }
  }

  /** A new "gateway instance": its own connection to the test namespace. */
  SharedState instance(Clock clock) {
    return instance(namespace, clock);
  }

  SharedState instance(String space, Clock clock) {
    SharedState state = SharedState.redis(Redis.settings(space), clock, warnings::add);
    opened.add(state);
    return state;
  }

  @Nested
  class CooldownsInRedis extends CooldownsContract {
    @Override
    Cooldowns cooldowns(Clock clock) {
      return instance(clock).cooldowns();
    }
  }

  @Nested
  class TrafficInRedis extends TrafficContract {
    @Override
    Traffic traffic(Clock clock) {
      return instance(clock).traffic();
    }
  }

  @Test
  void instancesShareRpmWindowsInFlightCountsAndLatencies() {
    MutableClock clock = new MutableClock(T0);
    Traffic a = instance(clock).traffic();
    Traffic b = instance(clock).traffic();

    assertThat(a.tryStart("d", 3, T0)).isTrue();
    assertThat(a.tryStart("d", 3, T0)).isTrue();
    assertThat(b.tryStart("d", 3, T0)).isTrue();
    assertThat(a.tryStart("d", 3, T0)).as("the third slot went to the other instance").isFalse();
    assertThat(b.tryStart("d", 3, T0)).isFalse();
    assertThat(b.requestsThisMinute("d", T0)).isEqualTo(3);
    assertThat(b.inFlight("d")).isEqualTo(3);

    a.finished("d");
    a.recordLatency("d", Duration.ofMillis(120));
    b.recordLatency("d", Duration.ofMillis(80));

    assertThat(b.inFlight("d")).isEqualTo(2);
    assertThat(a.averageLatency("d")).contains(Duration.ofMillis(100));
    assertThat(b.averageLatency("d")).contains(Duration.ofMillis(100));
  }

  @Test
  void instancesShareFailureWindowsAndCooldowns() {
    MutableClock clock = new MutableClock(T0);
    Cooldowns a = instance(clock).cooldowns();
    Cooldowns b = instance(clock).cooldowns();

    assertThat(a.recordFailure("d", T0)).isEqualTo(1);
    assertThat(b.recordFailure("d", T0.plusSeconds(1))).isEqualTo(2);
    a.coolDown("d", T0.plusSeconds(30));

    assertThat(b.coolingUntil("d", T0.plusSeconds(2))).contains(T0.plusSeconds(30));
    assertThat(b.recordFailure("d", T0.plusSeconds(3))).as("the cooldown cleared the shared window").isEqualTo(1);
  }

  @Test
  void callsOfACrashedInstanceStopCountingAfterTheInFlightExpiry() {
    MutableClock clock = new MutableClock(T0);
    SharedState crashed = instance(clock);
    Traffic survivor = instance(clock).traffic();
    crashed.traffic().tryStart("d", null, T0);
    crashed.traffic().tryStart("d", null, T0);
    crashed.close();
    survivor.tryStart("d", null, T0.plusSeconds(1));
    assertThat(survivor.inFlight("d")).isEqualTo(3);

    clock.advance(RedisTraffic.IN_FLIGHT_EXPIRY);
    assertThat(survivor.inFlight("d")).as("the survivor's own call started a second later").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(survivor.inFlight("d")).isZero();
  }

  @Test
  void everyKeyIsNamespacedAndExpires() {
    MutableClock clock = new MutableClock(T0);
    SharedState state = instance(clock);
    state.traffic().tryStart("d", 5, T0);
    state.traffic().recordLatency("d", Duration.ofMillis(5));
    state.cooldowns().recordFailure("e", T0);
    state.cooldowns().coolDown("d", T0.plusSeconds(30));

    List<String> keys = Redis.keys(namespace);

    assertThat(keys).containsExactlyInAnyOrder(namespace + ":{d}:rpm:" + T0.getEpochSecond() / 60,
        namespace + ":{d}:in-flight", namespace + ":{d}:latency", namespace + ":{e}:failures",
        namespace + ":{d}:cooling");
    assertThat(keys).allSatisfy(key -> assertThat(Redis.pttl(key)).as(key)
        .isBetween(1L, Duration.ofHours(1).toMillis()));
    assertThat(Redis.pttl(namespace + ":{d}:cooling"))
        .isBetween(30_000L, 30_000L + RedisCooldowns.EXPIRY_MARGIN.toMillis());
  }

  @Test
  void namespacesKeepFleetsApart() {
    MutableClock clock = new MutableClock(T0);
    String other = Redis.newNamespace();
    try {
      SharedState here = instance(clock);
      SharedState there = instance(other, clock);

      assertThat(here.traffic().tryStart("d", 1, T0)).isTrue();
      assertThat(there.traffic().tryStart("d", 1, T0)).isTrue();
      here.cooldowns().coolDown("d", T0.plusSeconds(30));

      assertThat(there.cooldowns().coolingUntil("d", T0)).isEmpty();
    } finally {
      Redis.clear(other);
    }
  }

  @Test
  void scriptsSurviveARedisThatForgotThem() {
    MutableClock clock = new MutableClock(T0);
    Traffic traffic = instance(clock).traffic();
    assertThat(traffic.tryStart("d", 2, T0)).isTrue();

    Redis.run(r -> r.scriptFlush());

    assertThat(traffic.tryStart("d", 2, T0)).isTrue();
    assertThat(traffic.tryStart("d", 2, T0)).isFalse();
  }
}
