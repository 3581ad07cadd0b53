package dev.imagegate.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.router.Traffic;
import dev.imagegate.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link Traffic} does, whether it keeps the state in this process or shares it. */
abstract class TrafficContract {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  final MutableClock clock = new MutableClock(T0);

  /** A fresh, empty store whose in-flight ages follow {@code clock}. */
  abstract Traffic traffic(Clock clock);

  @Test
  void aStartCountsTheMinuteAndTheCallInFlightUntilItFinishes() {
    Traffic traffic = traffic(clock);

    assertThat(traffic.tryStart("a", null, T0)).isTrue();
    assertThat(traffic.tryStart("a", null, T0.plusSeconds(5))).isTrue();

    assertThat(traffic.requestsThisMinute("a", T0.plusSeconds(5))).isEqualTo(2);
    assertThat(traffic.inFlight("a")).isEqualTo(2);
    traffic.finished("a");
    assertThat(traffic.inFlight("a")).isEqualTo(1);
    assertThat(traffic.requestsThisMinute("a", T0.plusSeconds(6))).as("finishing does not give the slot back")
        .isEqualTo(2);
    assertThat(traffic.inFlight("b")).isZero();
    assertThat(traffic.requestsThisMinute("b", T0)).isZero();
  }

  @Test
  void theRpmLimitRefusesOnceTheMinuteIsFullAndCountsNothing() {
    Traffic traffic = traffic(clock);

    assertThat(traffic.tryStart("a", 2, T0)).isTrue();
    assertThat(traffic.tryStart("a", 2, T0.plusSeconds(1))).isTrue();
    assertThat(traffic.tryStart("a", 2, T0.plusSeconds(2))).isFalse();

    assertThat(traffic.requestsThisMinute("a", T0.plusSeconds(2))).isEqualTo(2);
    assertThat(traffic.inFlight("a")).isEqualTo(2);
    assertThat(traffic.tryStart("b", 2, T0.plusSeconds(2))).as("limits are per deployment").isTrue();
    assertThat(traffic.tryStart("a", 0, T0.plusSeconds(2))).as("rpm 0 admits nothing").isFalse();
  }

  @Test
  void aNewClockMinuteOpensAFreshWindow() {
    Traffic traffic = traffic(clock);
    traffic.tryStart("a", 1, T0.plusSeconds(59));
    assertThat(traffic.tryStart("a", 1, T0.plusSeconds(59).plusMillis(999))).isFalse();

    assertThat(traffic.tryStart("a", 1, T0.plusSeconds(60))).isTrue();
    assertThat(traffic.requestsThisMinute("a", T0.plusSeconds(61))).isEqualTo(1);
  }

  @Test
  void finishingWhatNeverStartedLeavesNothingNegative() {
    Traffic traffic = traffic(clock);

    traffic.finished("a");
    traffic.tryStart("a", null, T0);
    traffic.finished("a");
    traffic.finished("a");

    assertThat(traffic.inFlight("a")).isZero();
  }

  @Test
  void latencyIsTheMeanOfTheLastTenSamplesPerDeployment() {
    Traffic traffic = traffic(clock);
    assertThat(traffic.averageLatency("a")).isEmpty();

    for (int i = 1; i <= 12; i++) {
      traffic.recordLatency("a", Duration.ofMillis(10L * i));
    }
    traffic.recordLatency("b", Duration.ofMillis(7));

    assertThat(traffic.averageLatency("a")).as("mean of 30..120 ms").contains(Duration.ofMillis(75));
    assertThat(traffic.averageLatency("b")).contains(Duration.ofMillis(7));
  }

  @Test
  void racingStartsNeverTakeMoreThanTheLimit() throws Exception {
    Traffic traffic = traffic(clock);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> starts = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 40; i++) {
        starts.add(threads.submit(() -> {
          go.await();
          return traffic.tryStart("a", 5, T0.plusSeconds(1));
        }));
      }
      go.countDown();
    }
    long admitted = 0;
    for (Future<Boolean> start : starts) {
      admitted += start.get() ? 1 : 0;
    }

    assertThat(admitted).isEqualTo(5);
    assertThat(traffic.requestsThisMinute("a", T0.plusSeconds(1))).isEqualTo(5);
    assertThat(traffic.inFlight("a")).isEqualTo(5);
  }
}
