package dev.imagegate.router;

import java.time.Duration;

/** Waits between retries. Injected so tests advance a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = duration -> Thread.sleep(duration);

  void sleep(Duration duration) throws InterruptedException;
}
