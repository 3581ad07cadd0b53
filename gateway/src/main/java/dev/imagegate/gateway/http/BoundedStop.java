package dev.imagegate.gateway.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a stop action for at most a bounded time. Some library stops wait without a timeout (Jetty's selector stop
 * waits for its selector thread to acknowledge); on shutdown nothing after them may be held up by one that never
 * returns, so the action runs on a daemon thread and is abandoned after the bound.
 */
final class BoundedStop {
  private BoundedStop() {}

  /** A stop action. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code action} and waits for it at most {@code bound}.
   *
   * @return true when it finished in time; false when it is still running (and left to itself)
   * @throws Exception what the action threw, when it finished by throwing
   */
  static boolean within(Duration bound, String name, Action action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name(name).start(() -> {
      try {
        action.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    try {
      done.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
