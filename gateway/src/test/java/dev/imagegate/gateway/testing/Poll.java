package dev.imagegate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something another thread or process makes true. */
public final class Poll {
  private Poll() {
  }

  /** Checks {@code condition} every 10 ms until it holds; fails the test, naming {@code what}, after {@code limit}. */
  public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as(what + " within " + limit.toMillis() + " ms").isTrue();
  }
}
