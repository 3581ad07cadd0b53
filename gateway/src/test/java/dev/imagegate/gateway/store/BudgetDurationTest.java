package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetDurationTest {
  static final Instant ANCHOR = Instant.parse("2026-01-31T06:00:00Z");

  @Test
  void parsesLiteLlmDurations() {
    assertThat(BudgetDuration.parse("30s").after(ANCHOR)).isEqualTo(ANCHOR.plusSeconds(30));
    assertThat(BudgetDuration.parse("15m").after(ANCHOR)).isEqualTo(ANCHOR.plusSeconds(900));
    assertThat(BudgetDuration.parse("1h").after(ANCHOR)).isEqualTo(ANCHOR.plusSeconds(3600));
    assertThat(BudgetDuration.parse("30d").after(ANCHOR)).isEqualTo(Instant.parse("2026-03-02T06:00:00Z"));
    assertThat(BudgetDuration.parse("2w").after(ANCHOR)).isEqualTo(Instant.parse("2026-02-14T06:00:00Z"));
    assertThat(BudgetDuration.parse("1mo").after(ANCHOR)).isEqualTo(Instant.parse("2026-02-28T06:00:00Z"));
    assertThat(BudgetDuration.parse("1mo")).hasToString("1mo");
  }

  @Test
  void refusesAnythingElse() {
    for (String bad : new String[] {"", "0d", "-1d", "1", "d", "1y", "1.5h", "30 d"}) {
      assertThatThrownBy(() -> BudgetDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("s, m, h, d, w or mo");
    }
  }

  @Test
  void thePeriodAtAnInstantCountsWholePeriodsFromTheAnchor() {
    BudgetDuration day = BudgetDuration.parse("1d");
    assertThat(day.periodAt(ANCHOR, Instant.parse("2026-02-03T05:59:59Z"))).isEqualTo(new BudgetDuration.Period(
        Instant.parse("2026-02-02T06:00:00Z"), Instant.parse("2026-02-03T06:00:00Z")));
    assertThat(day.periodAt(ANCHOR, Instant.parse("2026-02-03T06:00:00Z")).start())
        .isEqualTo(Instant.parse("2026-02-03T06:00:00Z"));
    BudgetDuration month = BudgetDuration.parse("1mo");
    assertThat(month.periodAt(Instant.parse("2026-01-15T00:00:00Z"), Instant.parse("2026-04-20T00:00:00Z")))
        .isEqualTo(new BudgetDuration.Period(Instant.parse("2026-04-15T00:00:00Z"),
            Instant.parse("2026-05-15T00:00:00Z")));
  }
}
