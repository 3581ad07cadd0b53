package dev.imagegate.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.Cost;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.error.RateLimited;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetDuration;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.SpendEvent;
import dev.imagegate.gateway.store.SpendRow;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Profile;
import dev.imagegate.gateway.store.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Enforcement with fakes: no database, a hand-moved clock, a sink that collects what would be written. */
class EnforcementTest {
  static final Cost FOUR_CENTS = Cost.table(new BigDecimal("0.04"));

  final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:30Z"));
  final ConcurrentLinkedQueue<SpendEvent> sunk = new ConcurrentLinkedQueue<>();
  final Counters counters = new Counters(clock, sunk::add);
  final Enforcement enforcement = new Enforcement(id -> Optional.empty(), counters, clock, sunk::add);

  static AuthenticatedKey key(Budget budget, Integer rpm, Integer parallel, List<String> models, Principal team) {
    Instant t = Instant.parse("2026-03-01T00:00:00Z");
    return new AuthenticatedKey(KeyRecord.builder("key-1", "hash-1", "sk-...abcd", t).keyAlias("ci").models(models)
        .budget(budget).rpmLimit(rpm).maxParallelRequests(parallel).teamId(team == null ? null : team.id()).build(),
        team, null);
  }

  static Budget max(String usd) {
    return new Budget(new BigDecimal(usd).movePointRight(9).longValueExact(), null, null, null);
  }

  Permit admit(AuthenticatedKey key, Cost estimate) {
    return enforcement.admit(Admission.forKey(key, null, "dall-e-3", estimate));
  }

  static void complete(Permit permit, Cost cost) {
    try (permit) {
      permit.complete(new CallOutcome("r-" + System.nanoTime(), "d", "openai", 1, null, null, cost, null, 5,
          SpendRow.Status.SUCCESS, null, 0, 0, null, null));
    }
  }

  @Test
  void twoHundredConcurrentCallsAgainstABudgetForSevenLetExactlySevenThrough() throws Exception {
    AuthenticatedKey key = key(max("0.28"), null, null, List.of(), null);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> calls = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        calls.add(threads.submit(() -> {
          start.await();
          try {
            complete(admit(key, FOUR_CENTS), FOUR_CENTS);
            return true;
          } catch (BudgetExceeded e) {
            return false;
          }
        }));
      }
      start.countDown();
    }
    long admitted = 0;
    for (Future<Boolean> call : calls) {
      admitted += call.get() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(7);
    assertThat(sunk).hasSize(7);
    assertThat(counters.current(BudgetScope.KEY, "key-1", 0)).isEqualTo(280_000_000L);
  }

  @Test
  void inFlightCallsReserveTheirEstimateSoTheyCannotJointlyOvershoot() {
    AuthenticatedKey key = key(max("0.08"), null, null, List.of(), null);
    Permit first = admit(key, FOUR_CENTS);
    Permit second = admit(key, FOUR_CENTS);
    assertThatThrownBy(() -> admit(key, FOUR_CENTS)).isInstanceOf(BudgetExceeded.class)
        .hasMessage("Budget has been exceeded! Key=ci (sk-...abcd) Current cost: 0.08, Max budget: 0.08");
    first.close();
    complete(admit(key, FOUR_CENTS), Cost.unpriced("none"));
    complete(second, FOUR_CENTS);
    assertThat(counters.current(BudgetScope.KEY, "key-1", 0)).isEqualTo(40_000_000L);
  }

  @Test
  void anUnpricedEstimateReservesNothingButASpentBudgetStillRefuses() {
    AuthenticatedKey key = key(max("0.04"), null, null, List.of(), null);
    complete(admit(key, Cost.unpriced("no price")), FOUR_CENTS);
    assertThatThrownBy(() -> admit(key, Cost.unpriced("no price"))).isInstanceOf(BudgetExceeded.class);
  }

  @Test
  void rpmLimitIsASlidingWindowNotAClockMinute() {
    AuthenticatedKey key = key(Budget.NONE, 2, null, List.of(), null);
    clock.advance(Duration.ofMillis(29_900));
    admit(key, FOUR_CENTS).close();
    admit(key, FOUR_CENTS).close();
    clock.advance(Duration.ofMillis(600));
    // 10:01:00.5: a new clock minute, but two requests in the last 60 s
    assertThatThrownBy(() -> admit(key, FOUR_CENTS)).isInstanceOf(RateLimited.class)
        .hasMessageContaining("Rate limit exceeded for Key=ci").satisfies(e -> {
          RateLimited limited = (RateLimited) e;
          assertThat(limited.status()).isEqualTo(429);
          assertThat(limited.retryAfter()).contains(Duration.ofSeconds(60));
        });
    clock.advance(Duration.ofMillis(59_399));
    assertThatThrownBy(() -> admit(key, FOUR_CENTS)).isInstanceOf(RateLimited.class)
        .satisfies(e -> assertThat(((RateLimited) e).retryAfter()).contains(Duration.ofSeconds(1)));
    clock.advance(Duration.ofMillis(1));
    admit(key, FOUR_CENTS).close();
    admit(key, FOUR_CENTS).close();
    assertThatThrownBy(() -> admit(key, FOUR_CENTS)).isInstanceOf(RateLimited.class);
  }

  @Test
  void maxParallelRequestsFreesASlotWhenAPermitCloses() {
    AuthenticatedKey key = key(Budget.NONE, null, 1, List.of(), null);
    Permit running = admit(key, FOUR_CENTS);
    assertThatThrownBy(() -> admit(key, FOUR_CENTS)).isInstanceOf(RateLimited.class)
        .hasMessageContaining("Max parallel request limit reached")
        .satisfies(e -> assertThat(((RateLimited) e).retryAfter()).contains(Duration.ofSeconds(1)));
    running.close();
    running.close();
    admit(key, FOUR_CENTS).close();
  }

  @Test
  void modelAccessFollowsTheKeyAndItsTeam() {
    Instant t = Instant.parse("2026-03-01T00:00:00Z");
    Principal team = Principal.created(Principal.Kind.TEAM, "art",
        Profile.builder().models(List.of("openai/*")).build(), Budget.NONE, t);
    AuthenticatedKey key = key(Budget.NONE, null, null, List.of("dall-e-3", "openai/gpt-image-1"), team);
    assertThatThrownBy(() -> admit(key, FOUR_CENTS)).isInstanceOf(Authentication.class)
        .hasMessageContaining("Team=art not allowed to access model");
    enforcement.admit(Admission.forKey(key, null, "openai/gpt-image-1", FOUR_CENTS)).close();
    assertThatThrownBy(() -> enforcement.admit(Admission.forKey(key, null, "openai/dall-e-2", FOUR_CENTS)))
        .isInstanceOf(Authentication.class).hasMessage("key not allowed to access model. This key can only access "
            + "models=[dall-e-3, openai/gpt-image-1]. Tried to access openai/dall-e-2");
  }

  @Test
  void aBudgetPeriodRollsOverOnTheClockAndTheResetIsSentToBePersisted() {
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    BudgetDuration hour = BudgetDuration.parse("1h");
    AuthenticatedKey key = key(new Budget(40_000_000L, hour, start, start.plus(Duration.ofHours(1))), null, null,
        List.of(), null);
    Permit spanning = admit(key, FOUR_CENTS);
    clock.advance(Duration.ofHours(2));
    assertThat(counters.current(BudgetScope.KEY, "key-1", 0)).as("a new period starts empty").isZero();
    complete(spanning, FOUR_CENTS);
    complete(admit(key, FOUR_CENTS), FOUR_CENTS);
    assertThat(sunk).filteredOn(e -> e instanceof SpendEvent.BudgetReset).containsExactly(
        new SpendEvent.BudgetReset(BudgetScope.KEY, "key-1", Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T11:00:00Z")),
        new SpendEvent.BudgetReset(BudgetScope.KEY, "key-1", Instant.parse("2026-03-01T12:00:00Z"),
            Instant.parse("2026-03-01T13:00:00Z")));
    assertThatThrownBy(() -> admit(key, FOUR_CENTS)).isInstanceOf(BudgetExceeded.class);
    clock.advance(Duration.ofHours(1));
    assertThat(counters.current(BudgetScope.KEY, "key-1", 0)).isZero();
  }
}
