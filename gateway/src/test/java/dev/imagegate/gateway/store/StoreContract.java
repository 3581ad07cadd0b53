package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.Cost;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.gateway.budget.Admission;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.keys.PrincipalRequests;
import dev.imagegate.gateway.store.Principal.Kind;
import dev.imagegate.gateway.keys.GeneratedKey;
import dev.imagegate.gateway.spend.SpendWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The store contract, part two: budgets, resets, restarts, concurrency and outages, end to end through enforcement,
 * the spend writer and the database. Subclasses run it on SQLite and PostgreSQL.
 */
abstract class StoreContract extends SpendContract {
  @Test
  void aBudgetForExactlyThreeCallsLetsThreeThroughAndRefusesTheFourthBeforeTheProvider() {
    GeneratedKey key = generate("{\"max_budget\": 0.12, \"models\": [\"dall-e-3\"]}");
    AtomicInteger providerCalls = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      AuthenticatedKey auth = gateway.cache.authenticate(key.key());
      var permit = gateway.admit(auth, null, "dall-e-3", DALL_E_3);
      providerCalls.incrementAndGet();
      gateway.succeed(permit, DALL_E_3);
    }
    AuthenticatedKey auth = gateway.cache.authenticate(key.key());
    assertThatThrownBy(() -> {
      gateway.admit(auth, null, "dall-e-3", DALL_E_3);
      providerCalls.incrementAndGet();
    }).isInstanceOf(BudgetExceeded.class).hasMessageContaining("Budget has been exceeded!")
        .hasMessageContaining("Current cost: 0.12, Max budget: 0.12");
    assertThat(providerCalls).hasValue(3);
    gateway.writer.flush();
    assertThat(gateway.store.spend().count()).isEqualTo(3);
    assertThat(gateway.store.keys().byToken(KeySecretsHash.of(key)).orElseThrow().spendNanos())
        .isEqualTo(120_000_000L);
  }

  @Test
  void thePreCallEstimateRefusesACallThatWouldOvershootTheBudget() {
    GeneratedKey key = generate("{\"max_budget\": 0.10}");
    AuthenticatedKey auth = gateway.cache.authenticate(key.key());
    Cost twoHd = Cost.table(new BigDecimal("0.16"));
    assertThatThrownBy(() -> gateway.admit(auth, null, "dall-e-3", twoHd)).isInstanceOf(BudgetExceeded.class)
        .hasMessageContaining("estimated cost of this call: 0.16")
        .satisfies(e -> assertThat(((BudgetExceeded) e).type()).isEqualTo("budget_exceeded"));
    gateway.succeed(gateway.admit(auth, null, "dall-e-3", DALL_E_3), DALL_E_3);
    gateway.writer.flush();
    assertThat(gateway.store.spend().count()).isEqualTo(1);
  }

  @Test
  void endUsersHaveTheirOwnBudgetsAndCanBeBlocked() {
    gateway.customers.create(PrincipalRequests.New.from(Kind.END_USER, KeyContract.json(
        "{\"user_id\": \"alice\", \"max_budget\": 0.04}")));
    AuthenticatedKey auth = gateway.cache.authenticate(generate("{}").key());
    gateway.succeed(gateway.admit(auth, "alice", "dall-e-3", DALL_E_3), DALL_E_3);
    assertThatThrownBy(() -> gateway.admit(auth, "alice", "dall-e-3", DALL_E_3)).isInstanceOf(BudgetExceeded.class)
        .hasMessage("ExceededBudget: End User=alice over budget. Spend=0.04, Budget=0.04");
    gateway.succeed(gateway.enforcement.admit(Admission.forMaster("master-hash", "bob", "dall-e-3", DALL_E_3)),
        DALL_E_3);
    gateway.customers.block(List.of("alice"));
    assertThatThrownBy(() -> gateway.admit(auth, "alice", "dall-e-3", DALL_E_3)).isInstanceOf(BadRequest.class)
        .hasMessage("User blocked from making LLM API Calls. User=alice");
    gateway.writer.flush();
    assertThat(gateway.customers.info("alice").toJson()).containsEntry("blocked", true)
        .containsEntry("spend", new BigDecimal("0.04"));
    assertThat(gateway.store.principals(Kind.END_USER).byId("bob").orElseThrow().spendNanos())
        .isEqualTo(40_000_000L);
  }

  @Test
  void budgetDurationResetsSpendOnScheduleAndPersistsTheResetTime() {
    GeneratedKey key = generate("{\"max_budget\": 0.04, \"budget_duration\": \"1d\"}");
    AuthenticatedKey auth = gateway.cache.authenticate(key.key());
    gateway.succeed(gateway.admit(auth, null, "dall-e-3", DALL_E_3), DALL_E_3);
    assertThatThrownBy(() -> gateway.admit(auth, null, "dall-e-3", DALL_E_3)).isInstanceOf(BudgetExceeded.class);
    clock.advance(Duration.ofHours(23));
    assertThatThrownBy(() -> gateway.admit(auth, null, "dall-e-3", DALL_E_3)).isInstanceOf(BudgetExceeded.class);
    clock.advance(Duration.ofHours(1));
    gateway.succeed(gateway.admit(gateway.cache.authenticate(key.key()), null, "dall-e-3", DALL_E_3), DALL_E_3);
    gateway.writer.flush();
    KeyRecord stored = gateway.store.keys().byToken(KeySecretsHash.of(key)).orElseThrow();
    assertThat(stored.budget().periodStart()).isEqualTo(clock.instant());
    assertThat(stored.budget().resetAt()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
    assertThat(stored.spendNanos()).isEqualTo(40_000_000L);
    assertThat(gateway.store.spend().count()).isEqualTo(2);
  }

  @Test
  void keysSpendAndBudgetsSurviveARestart() {
    GeneratedKey key = generate("{\"max_budget\": 0.08, \"key_alias\": \"durable\"}");
    gateway.succeed(gateway.admit(gateway.cache.authenticate(key.key()), "carol", "dall-e-3", DALL_E_3), DALL_E_3);
    restart();
    AuthenticatedKey auth = gateway.cache.authenticate(key.key());
    assertThat(auth.key().keyAlias()).isEqualTo("durable");
    assertThat(auth.key().spendNanos()).isEqualTo(40_000_000L);
    gateway.succeed(gateway.admit(auth, "carol", "dall-e-3", DALL_E_3), DALL_E_3);
    assertThatThrownBy(() -> gateway.admit(auth, null, "dall-e-3", DALL_E_3)).isInstanceOf(BudgetExceeded.class);
    restart();
    assertThatThrownBy(() -> gateway.admit(gateway.cache.authenticate(key.key()), null, "dall-e-3", DALL_E_3))
        .isInstanceOf(BudgetExceeded.class).hasMessageContaining("Current cost: 0.08");
    assertThat(gateway.store.spend().count()).isEqualTo(2);
    assertThat(gateway.store.principals(Kind.END_USER).byId("carol").orElseThrow().spendNanos())
        .isEqualTo(80_000_000L);
  }

  @Test
  void twoHundredConcurrentCallsWriteExactlyTwoHundredRows() throws Exception {
    GeneratedKey key = generate("{}");
    AuthenticatedKey auth = gateway.cache.authenticate(key.key());
    List<Future<?>> calls = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        calls.add(threads.submit(() -> gateway.succeed(gateway.admit(auth, "dave", "dall-e-3", DALL_E_3), DALL_E_3)));
      }
    }
    for (Future<?> call : calls) {
      call.get();
    }
    gateway.writer.flush();
    assertThat(gateway.store.spend().count()).isEqualTo(200);
    assertThat(gateway.store.keys().byToken(KeySecretsHash.of(key)).orElseThrow().spendNanos())
        .isEqualTo(200 * 40_000_000L);
    assertThat(gateway.writer.overflowed()).isZero();
  }

  @Test
  void aDatabaseOutageDuringWritesLosesNoRowOnceItComesBack() throws Exception {
    GeneratedKey key = generate("{}");
    AuthenticatedKey auth = gateway.cache.authenticate(key.key());
    gateway.succeed(gateway.admit(auth, "erin", "dall-e-3", DALL_E_3), DALL_E_3);
    gateway.writer.flush();
    SpendWriter.FlushResult duringOutage;
    try (AutoCloseable outage = outage()) {
      for (int i = 0; i < 120; i++) {
        gateway.succeed(gateway.admit(auth, "erin", "dall-e-3", DALL_E_3), DALL_E_3);
      }
      duringOutage = gateway.writer.flush();
      assertThat(gateway.writer.flush().failed()).isTrue();
    }
    assertThat(duringOutage.failed()).isTrue();
    assertThat(duringOutage.pending()).isEqualTo(120);
    int attempts = 0;
    SpendWriter.FlushResult after;
    do {
      after = gateway.writer.flush();
      attempts++;
    } while (after.failed() && attempts < 3);
    assertThat(after.failed()).as("a pooled connection broken by the outage may fail one retry").isFalse();
    assertThat(gateway.writer.pending()).isZero();
    assertThat(gateway.store.spend().count()).isEqualTo(121);
    assertThat(gateway.store.keys().byToken(KeySecretsHash.of(key)).orElseThrow().spendNanos())
        .isEqualTo(121 * 40_000_000L);
    assertThat(gateway.store.principals(Kind.END_USER).byId("erin").orElseThrow().spendNanos())
        .isEqualTo(121 * 40_000_000L);
  }

  /** The stored token of a generated key. */
  static final class KeySecretsHash {
    static String of(GeneratedKey key) {
      return key.view().key().token();
    }
  }
}
