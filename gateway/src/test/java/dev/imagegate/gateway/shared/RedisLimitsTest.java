package dev.imagegate.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.shared.FleetLimits.Account;
import dev.imagegate.gateway.shared.FleetLimits.Decision;
import dev.imagegate.gateway.testing.Redis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fleet's limits in the real Redis, with the time given by the caller (no sleeping). */
class RedisLimitsTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:59.900Z");
  static final long FOUR_CENTS = 40_000_000L;

  final List<SharedState> opened = new ArrayList<>();
  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  String namespace;

  @BeforeAll
  static void redis() {
    Redis.require("RedisLimitsTest");
  }

  @BeforeEach
  void namespace() {
    namespace = Redis.newNamespace();
  }

  @AfterEach
  void close() {
    opened.forEach(SharedState::close);
    Redis.clear(namespace);
  }

  FleetLimits gateway() {
    SharedState state = SharedState.redis(Redis.settings(namespace), java.time.Clock.systemUTC(), warnings::add);
    opened.add(state);
    return state.limits();
  }

  static Account key(Long budget, Integer rpm, Integer parallel, long seed) {
    return new Account("key:k1", null, budget, rpm, parallel, () -> seed);
  }

  @Test
  void rpmIsASlidingLogAcrossTheMinuteBoundaryForTwoGateways() {
    FleetLimits a = gateway();
    FleetLimits b = gateway();
    List<Account> accounts = List.of(key(null, 2, null, 0));
    assertThat(a.admit(accounts, 0, T0)).isInstanceOf(Decision.Admitted.class);
    assertThat(b.admit(accounts, 0, T0)).isInstanceOf(Decision.Admitted.class);
    Decision refused = a.admit(accounts, 0, T0.plusMillis(600));
    assertThat(refused).isEqualTo(new Decision.Refused(0, FleetLimits.Reason.RPM, 0,
        T0.plusSeconds(60).toEpochMilli()));
    assertThat(b.admit(accounts, 0, T0.plusMillis(59_999))).isInstanceOf(Decision.Refused.class);
    assertThat(b.admit(accounts, 0, T0.plusSeconds(60))).isInstanceOf(Decision.Admitted.class);
  }

  @Test
  void concurrentAdmissionsOnTwoGatewaysNeverReserveMoreThanTheBudget() throws Exception {
    FleetLimits a = gateway();
    FleetLimits b = gateway();
    List<Account> accounts = List.of(key(200_000_000L, null, null, 0), new Account("team:t1", null, null, null,
        null, () -> 0));
    AtomicInteger admitted = new AtomicInteger();
    List<Future<?>> calls = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 40; i++) {
        FleetLimits gateway = i % 2 == 0 ? a : b;
        calls.add(threads.submit(() -> {
          if (gateway.admit(accounts, FOUR_CENTS, T0) instanceof Decision.Admitted) {
            admitted.incrementAndGet();
          }
        }));
      }
    }
    assertThat(admitted).hasValue(5);
  }

  @Test
  void settlingChargesTheActualCostAndFreesTheReservationAndTheParallelSlot() {
    FleetLimits a = gateway();
    FleetLimits b = gateway();
    List<Account> accounts = List.of(key(200_000_000L, null, 1, 30_000_000L));
    Decision.Admitted first = (Decision.Admitted) a.admit(accounts, FOUR_CENTS, T0);
    assertThat(b.admit(accounts, FOUR_CENTS, T0)).isEqualTo(new Decision.Refused(0,
        FleetLimits.Reason.PARALLEL, 0, 0));
    a.settle(accounts, first.reservation(), 10_000_000L);
    // seeded with 30 cents from the database, plus 10 cents charged
    Decision.Admitted second = (Decision.Admitted) b.admit(accounts, 60_000_000L, T0);
    assertThat(a.admit(List.of(key(100_000_000L, null, null, 0)), 1, T0)).isEqualTo(new Decision.Refused(0,
        FleetLimits.Reason.BUDGET_SPENT, 100_000_000L, 0));
    b.settle(accounts, second.reservation(), 0);
    assertThat(a.admit(List.of(key(100_000_000L, null, null, 0)), 60_000_001L, T0)).isEqualTo(
        new Decision.Refused(0, FleetLimits.Reason.BUDGET_WOULD_EXCEED, 40_000_000L, 0));
  }

  @Test
  void aCrashedGatewaysReservationExpires() {
    FleetLimits crashed = gateway();
    FleetLimits alive = gateway();
    List<Account> accounts = List.of(key(FOUR_CENTS, null, null, 0));
    assertThat(crashed.admit(accounts, FOUR_CENTS, T0)).isInstanceOf(Decision.Admitted.class);
    assertThat(alive.admit(accounts, FOUR_CENTS, T0.plusSeconds(60))).isInstanceOf(Decision.Refused.class);
    assertThat(alive.admit(accounts, FOUR_CENTS, T0.plus(RedisLimits.RESERVATION_TTL).plusMillis(1)))
        .isInstanceOf(Decision.Admitted.class);
  }

  @Test
  void aMissingSpendCounterIsRebuiltFromTheDatabaseOnce() {
    FleetLimits a = gateway();
    AtomicInteger reads = new AtomicInteger();
    List<Account> accounts = List.of(new Account("key:k9", 1_000L, FOUR_CENTS, null, null, () -> {
      reads.incrementAndGet();
      return 30_000_000L;
    }));
    assertThat(a.admit(accounts, 20_000_000L, T0)).isEqualTo(new Decision.Refused(0,
        FleetLimits.Reason.BUDGET_WOULD_EXCEED, 30_000_000L, 0));
    assertThat(a.admit(accounts, 10_000_000L, T0)).isInstanceOf(Decision.Admitted.class);
    assertThat(reads).hasValue(1);
    assertThat(Redis.keys(namespace)).anyMatch(k -> k.endsWith("key:k9:spend:1000"));
  }
}
