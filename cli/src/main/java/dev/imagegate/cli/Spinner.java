package dev.imagegate.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows {@code ⠋ generating... 3s} on stderr while a call runs, only when stderr is a terminal (the launcher says so
 * through {@code IMAGEGATE_STDERR_TTY=1}, since Java cannot ask). Closing it clears the line.
 */
final class Spinner implements AutoCloseable {
  private static final String FRAMES = "|/-\\";

  private final Thread thread;
  private final PrintStream err;

  private Spinner(PrintStream err, String label) {
    long start = System.nanoTime();
    this.thread = Thread.ofVirtual().start(() -> {
      for (int frame = 0; !Thread.currentThread().isInterrupted(); frame++) {
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        err.print("\r" + FRAMES.charAt(frame % FRAMES.length()) + " " + label + " " + seconds + "s ");
        err.flush();
        try {
          Thread.sleep(125);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    this.err = err;
  }

  static AutoCloseable startIf(boolean terminal, PrintStream err, String label) {
    return terminal ? new Spinner(err, label) : () -> { };
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.print("\r\033[K");
    err.flush();
  }
}
