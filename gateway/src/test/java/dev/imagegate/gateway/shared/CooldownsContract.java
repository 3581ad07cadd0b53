package dev.imagegate.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.router.Cooldowns;
import dev.imagegate.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link Cooldowns} does, whether it keeps the state in this process or shares it. */
abstract class CooldownsContract {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  final MutableClock clock = new MutableClock(T0);

  /** A fresh, empty store whose expiries follow {@code clock}. */
  abstract Cooldowns cooldowns(Clock clock);

  @Test
  void failuresAreCountedOverTheMinuteEndingNow() {
    Cooldowns cooldowns = cooldowns(clock);

    assertThat(cooldowns.recordFailure("a", T0)).isEqualTo(1);
    assertThat(cooldowns.recordFailure("a", T0.plusSeconds(10))).isEqualTo(2);
    assertThat(cooldowns.recordFailure("a", T0.plusSeconds(30))).isEqualTo(3);
    assertThat(cooldowns.recordFailure("a", T0.plusSeconds(60))).as("the failure at T0 is a minute old")
        .isEqualTo(3);
    assertThat(cooldowns.recordFailure("a", T0.plusSeconds(100))).as("only those after T0+40s remain")
        .isEqualTo(2);
  }

  @Test
  void failuresAreCountedPerDeployment() {
    Cooldowns cooldowns = cooldowns(clock);
    cooldowns.recordFailure("a", T0);
    cooldowns.recordFailure("a", T0);

    assertThat(cooldowns.recordFailure("b", T0)).isEqualTo(1);
    assertThat(cooldowns.recordFailure("a", T0)).as("two failures in the same millisecond both count")
        .isEqualTo(3);
  }

  @Test
  void aCooldownHoldsUntilItsEnd() {
    Cooldowns cooldowns = cooldowns(clock);
    Instant until = T0.plusSeconds(30);

    cooldowns.coolDown("a", until);

    assertThat(cooldowns.coolingUntil("a", T0)).contains(until);
    assertThat(cooldowns.coolingUntil("a", until.minusMillis(1))).contains(until);
    assertThat(cooldowns.coolingUntil("a", until)).isEmpty();
    assertThat(cooldowns.coolingUntil("b", T0)).isEmpty();
  }

  @Test
  void aShorterCooldownNeverCutsALongerOne() {
    Cooldowns cooldowns = cooldowns(clock);
    cooldowns.coolDown("a", T0.plusSeconds(60));
    cooldowns.coolDown("a", T0.plusSeconds(5));

    assertThat(cooldowns.coolingUntil("a", T0.plusSeconds(10))).contains(T0.plusSeconds(60));

    cooldowns.coolDown("a", T0.plusSeconds(90));
    assertThat(cooldowns.coolingUntil("a", T0.plusSeconds(70))).contains(T0.plusSeconds(90));
  }

  @Test
  void aCooldownForgetsTheFailuresThatCausedIt() {
    Cooldowns cooldowns = cooldowns(clock);
    cooldowns.recordFailure("a", T0);
    cooldowns.recordFailure("a", T0.plusSeconds(1));

    cooldowns.coolDown("a", T0.plusSeconds(5));

    assertThat(cooldowns.recordFailure("a", T0.plusSeconds(6))).isEqualTo(1);
  }

  @Test
  void aCooldownThatAlreadyEndedIsNotReported() {
    Cooldowns cooldowns = cooldowns(clock);
    clock.advance(Duration.ofMinutes(5));

    cooldowns.coolDown("a", T0.plusSeconds(10));

    assertThat(cooldowns.coolingUntil("a", clock.instant())).isEmpty();
  }
}
