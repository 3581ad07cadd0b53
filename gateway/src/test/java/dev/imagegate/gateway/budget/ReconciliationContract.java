package dev.imagegate.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.Cost;
import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.SpendEvent;
import dev.imagegate.gateway.store.SpendRow;
import dev.imagegate.gateway.store.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation against a real fleet store (Redis, or PostgreSQL without Redis): two "gateways" share it, the
 * database's stored spend is a hand-kept figure (the rows a journal replayed, and the rows each gateway wrote).
 */
abstract class ReconciliationContract {
  static final Cost FOUR_CENTS = Cost.table(new BigDecimal("0.04"));
  static final long FOUR_CENTS_NANOS = 40_000_000L;

  final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
  /** Rows the database holds besides the ones the gateways below write: a killed gateway's replayed journal. */
  final AtomicLong replayed = new AtomicLong();
  final ConcurrentLinkedQueue<SpendEvent> written = new ConcurrentLinkedQueue<>();
  final AuthenticatedKey key = EnforcementTest.key(EnforcementTest.max("0.20"), null, null, List.of(), null);

  /** A fresh connection to the shared store, as one more gateway would open. */
  abstract FleetLimits fleet();

  /** What the database holds for the key: the replayed rows plus every row written by the gateways. */
  long stored() {
    return replayed.get() + written.stream().mapToLong(e -> e instanceof SpendRow row && row.costNanos() != null
        ? row.costNanos() : 0).sum();
  }

  final class Gateway {
    final Counters counters = new Counters(clock, written::add);
    final FleetLimits fleet = fleet();
    final Enforcement enforcement = new Enforcement(id -> Optional.empty(), counters, clock, written::add, fleet,
        (scope, id) -> stored(), Enforcement.OutagePolicy.FAIL_CLOSED);
    final Reconciliation reconciliation = new Reconciliation(counters, fleet,
        (scope, id) -> Optional.of(new Reconciliation.Stored(stored(), null)), written::add, clock);

    Permit admit() {
      return enforcement.admit(Admission.forKey(key, null, "gpt-image-2", FOUR_CENTS));
    }

    /** Runs 4-cent calls one after another until the budget refuses one; returns how many ran. */
    int spendAll() {
      int calls = 0;
      while (true) {
        try {
          EnforcementTest.complete(admit(), FOUR_CENTS);
          calls++;
        } catch (BudgetExceeded e) {
          return calls;
        }
      }
    }
  }

  @Test
  void aCallWhoseGatewayDiedBeforeItsSettleIsCountedOnceTheCountersAreReconciled() {
    Gateway dying = new Gateway();
    Permit orphan = dying.admit();
    assertThat(orphan).isNotNull();
    replayed.set(FOUR_CENTS_NANOS);
    clock.advance(Duration.ofMinutes(16));

    Gateway survivor = new Gateway();
    EnforcementTest.complete(survivor.admit(), FOUR_CENTS);
    assertThat(survivor.reconciliation.reconcile()).isGreaterThanOrEqualTo(1);
    int more = survivor.spendAll();

    assertThat(1 + more).isEqualTo(4);
    assertThat(stored()).isEqualTo(5 * FOUR_CENTS_NANOS);
    assertThat(survivor.reconciliation.reconcile()).isZero();
  }

  @Test
  void withoutReconciliationTheLostSettleLetsTheBudgetBeOverspent() {
    Gateway dying = new Gateway();
    dying.admit();
    replayed.set(FOUR_CENTS_NANOS);
    clock.advance(Duration.ofMinutes(16));

    assertThat(new Gateway().spendAll()).isEqualTo(5);
    assertThat(stored()).isEqualTo(6 * FOUR_CENTS_NANOS);
  }

  @Test
  void anAdministratorsChangeOfTheStoredSpendIsTakenExactlyByEveryCounter() {
    Gateway a = new Gateway();
    Gateway b = new Gateway();
    assertThat(a.spendAll()).isEqualTo(5);
    assertThat(b.spendAll()).isZero();

    written.clear();
    replayed.set(FOUR_CENTS_NANOS);
    b.reconciliation.reconcile();
    assertThat(b.spendAll()).as("the periodic pass never lowers the shared counter").isZero();
    assertThat(a.reconciliation.rebase(BudgetScope.KEY, "key-1")).isEqualTo(2);
    assertThat(b.spendAll()).isEqualTo(4);
    assertThat(a.reconciliation.corrections()).isEqualTo(2);
  }
}
