package dev.imagegate.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetDuration;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetChangesTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final BudgetDuration MONTH = BudgetDuration.parse("30d");
  private static final Budget CURRENT = Budget.starting(5_000_000_000L, MONTH, START);

  @Test
  void absentFieldsKeepTheBudgetAndItsPeriod() {
    assertThat(BudgetChanges.apply(CURRENT, Change.keep(), Change.keep(), NOW)).isEqualTo(CURRENT);
  }

  @Test
  void aNewMaximumKeepsThePeriodAndNullClearsIt() {
    Budget raised = BudgetChanges.apply(CURRENT, Change.set(new BigDecimal("7.5")), Change.keep(), NOW);
    assertThat(raised.maxBudgetNanos()).isEqualTo(7_500_000_000L);
    assertThat(raised.periodStart()).isEqualTo(START);

    assertThat(BudgetChanges.apply(CURRENT, Change.set(null), Change.keep(), NOW).limited()).isFalse();
  }

  @Test
  void theSameDurationKeepsThePeriodANewOneStartsItNow() {
    assertThat(BudgetChanges.apply(CURRENT, Change.keep(), Change.set(MONTH), NOW).periodStart()).isEqualTo(START);

    Budget weekly = BudgetChanges.apply(CURRENT, Change.keep(), Change.set(BudgetDuration.parse("7d")), NOW);
    assertThat(weekly.periodStart()).isEqualTo(NOW);
    assertThat(weekly.resetAt()).isEqualTo(NOW.plusSeconds(7 * 86_400));
    assertThat(weekly.maxBudgetNanos()).isEqualTo(5_000_000_000L);
  }

  @Test
  void clearingTheDurationEndsThePeriods() {
    Budget forever = BudgetChanges.apply(CURRENT, Change.keep(), Change.set(null), NOW);
    assertThat(forever.duration()).isNull();
    assertThat(forever.resetAt()).isNull();
    assertThat(forever.maxBudgetNanos()).isEqualTo(5_000_000_000L);
  }
}
