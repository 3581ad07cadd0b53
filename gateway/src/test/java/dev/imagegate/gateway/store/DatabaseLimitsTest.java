package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.shared.FleetLimits.Account;
import dev.imagegate.gateway.shared.FleetLimits.Decision;
import dev.imagegate.gateway.testing.Postgres;
import dev.imagegate.gateway.testing.TcpProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fleet's limits in the real PostgreSQL (no Redis), two "gateways" with their own pools, time given. */
class DatabaseLimitsTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:59.900Z");
  static final long FOUR_CENTS = 40_000_000L;

  final List<Store> stores = new ArrayList<>();
  final AtomicLong nanos = new AtomicLong();
  String schema;
  TcpProxy proxy;

  @BeforeAll
  static void postgres() {
    Postgres.require("DatabaseLimitsTest");
  }

  @BeforeEach
  void schema() throws Exception {
    schema = Postgres.newSchema();
    proxy = new TcpProxy(new InetSocketAddress(Postgres.HOST, Postgres.PORT));
  }

  @AfterEach
  void drop() throws Exception {
    stores.forEach(Store::close);
    proxy.close();
    Postgres.dropSchema(schema);
  }

  FleetLimits gateway() {
    Store store = Store.open(DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + proxy.port() + "/test?schema="
        + schema, null), new StoreOptions(10, Duration.ofMillis(500), Duration.ofSeconds(1)));
    stores.add(store);
    return store.limits(nanos::get);
  }

  static Account key(Long budget, Integer rpm, Integer parallel, long seed) {
    return new Account("key:k1", null, budget, rpm, parallel, () -> seed);
  }

  @Test
  void rpmIsASlidingLogAcrossTheMinuteBoundary() {
    FleetLimits a = gateway();
    FleetLimits b = gateway();
    List<Account> accounts = List.of(key(null, 2, null, 0));
    assertThat(a.admit(accounts, 0, T0)).isInstanceOf(Decision.Admitted.class);
    assertThat(b.admit(accounts, 0, T0)).isInstanceOf(Decision.Admitted.class);
    assertThat(a.admit(accounts, 0, T0.plusMillis(600))).isEqualTo(new Decision.Refused(0, FleetLimits.Reason.RPM,
        0, T0.plusSeconds(60).toEpochMilli()));
    assertThat(b.admit(accounts, 0, T0.plusSeconds(60))).isInstanceOf(Decision.Admitted.class);
  }

  @Test
  void concurrentAdmissionsOnTwoGatewaysNeverReserveMoreThanTheBudget() {
    FleetLimits a = gateway();
    FleetLimits b = gateway();
    List<Account> accounts = List.of(key(200_000_000L, null, null, 0), new Account("team:t1", null, null, null,
        null, () -> 0));
    AtomicInteger admitted = new AtomicInteger();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 30; i++) {
        FleetLimits gateway = i % 2 == 0 ? a : b;
        threads.submit(() -> {
          if (gateway.admit(accounts, FOUR_CENTS, T0) instanceof Decision.Admitted) {
            admitted.incrementAndGet();
          }
        });
      }
    }
    assertThat(admitted).hasValue(5);
  }

  @Test
  void settlingChargesTheCostFreesTheSlotAndCrashedReservationsExpire() {
    FleetLimits a = gateway();
    FleetLimits b = gateway();
    List<Account> accounts = List.of(key(200_000_000L, null, 1, 30_000_000L));
    Decision.Admitted first = (Decision.Admitted) a.admit(accounts, FOUR_CENTS, T0);
    assertThat(b.admit(accounts, FOUR_CENTS, T0)).isEqualTo(new Decision.Refused(0, FleetLimits.Reason.PARALLEL, 0,
        0));
    a.settle(accounts, first.reservation(), 10_000_000L);
    assertThat(b.admit(accounts, 160_000_001L, T0)).isEqualTo(new Decision.Refused(0,
        FleetLimits.Reason.BUDGET_WOULD_EXCEED, 40_000_000L, 0));
    assertThat(b.admit(accounts, 100_000_000L, T0)).isInstanceOf(Decision.Admitted.class);
    assertThat(a.admit(accounts, 0, T0.plus(DatabaseLimits.RESERVATION_TTL))).isInstanceOf(Decision.Admitted.class);
  }

  @Test
  void aDeadDatabaseAnswersUnavailableAtOnceAndIsLeftAloneForASecond() {
    FleetLimits a = gateway();
    List<Account> accounts = List.of(key(200_000_000L, null, null, 0));
    assertThat(a.admit(accounts, FOUR_CENTS, T0)).isInstanceOf(Decision.Admitted.class);
    proxy.cut();
    assertThat(a.admit(accounts, FOUR_CENTS, T0)).isInstanceOf(Decision.Unavailable.class);
    proxy.restore();
    assertThat(a.admit(accounts, FOUR_CENTS, T0)).as("within the quiet second").isInstanceOf(
        Decision.Unavailable.class);
    Decision back = null;
    for (int i = 0; i < 20 && !(back instanceof Decision.Admitted); i++) {
      // the pool drops the connections the outage broke, one failed attempt each
      nanos.addAndGet(DatabaseLimits.QUIET.toNanos());
      back = a.admit(accounts, FOUR_CENTS, T0);
    }
    assertThat(back).isInstanceOf(Decision.Admitted.class);
  }
}
