package dev.imagegate.router;

import dev.imagegate.ImageResponse;
import dev.imagegate.error.ImageGateException;
import java.time.Duration;
import java.time.Instant;

/**
 * Observes what the router does, for metrics and logs. Every method has a no-op default; implementations must be
 * thread-safe, fast and must not throw (an exception from a listener is not caught by the router).
 */
public interface RouterListener {
  RouterListener NONE = new RouterListener() {
  };

  /**
   * One try of one deployment.
   *
   * @param group the model group being served (a fallback group during fallbacks)
   * @param number 1 for the call's first attempt, counting across fallbacks
   */
  record Attempt(String group, Deployment deployment, int number, Instant start) {
  }

  default void attemptStarted(Attempt attempt) {
  }

  default void attemptFailed(Attempt attempt, ImageGateException error, Duration latency) {
  }

  default void succeeded(Attempt attempt, ImageResponse response) {
  }

  /** The deployment will not be chosen until {@code until}. */
  default void cooledDown(Deployment deployment, Instant until, ImageGateException cause) {
  }

  /** The router gave up on {@code fromGroup} and tries {@code toGroup}. */
  default void fellBack(String fromGroup, String toGroup, ImageGateException cause) {
  }
}
