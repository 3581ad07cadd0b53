package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BoundedStopTest {

  @Test
  void aStopThatFinishesInTimeIsReportedDone() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    assertThat(BoundedStop.within(Duration.ofSeconds(5), "test-stop", () -> ran.set(true))).isTrue();
    assertThat(ran).isTrue();
  }

  @Test
  void aStopThatNeverReturnsIsAbandonedAfterTheBound() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    long start = System.nanoTime();
    boolean done = BoundedStop.within(Duration.ofMillis(200), "test-stop", never::await);
    assertThat(done).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    never.countDown();
  }

  @Test
  void aStopThatFailsThrowsItsFailure() {
    assertThatThrownBy(() -> BoundedStop.within(Duration.ofSeconds(5), "test-stop", () -> {
      throw new IllegalStateException("selector broken");
    })).isInstanceOf(IllegalStateException.class).hasMessage("selector broken");
  }
}
