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

  /** Tells {@code first}, then {@code second}, about every event. */
  static RouterListener both(RouterListener first, RouterListener second) {
    if (second == NONE) {
      return first;
    }
    if (first == NONE) {
      return second;
    }
    return new RouterListener() {
      @Override
      public void attemptStarted(Attempt attempt) {
        first.attemptStarted(attempt);
        second.attemptStarted(attempt);
      }

      @Override
      public void attemptFailed(Attempt attempt, ImageGateException error, Duration latency) {
        first.attemptFailed(attempt, error, latency);
        second.attemptFailed(attempt, error, latency);
      }

      @Override
      public void succeeded(Attempt attempt, ImageResponse response) {
        first.succeeded(attempt, response);
        second.succeeded(attempt, response);
      }

      @Override
      public void cooledDown(Deployment deployment, Instant until, ImageGateException cause) {
        first.cooledDown(deployment, until, cause);
        second.cooledDown(deployment, until, cause);
      }

      @Override
      public void fellBack(String fromGroup, String toGroup, ImageGateException cause) {
        first.fellBack(fromGroup, toGroup, cause);
        second.fellBack(fromGroup, toGroup, cause);
      }
    };
  }
}
