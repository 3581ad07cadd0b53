package dev.imagegate.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The end of a streamed answer's time: past it, the body is closed from a timer thread (which wakes a blocked read)
 * and every read fails with an {@link HttpTimeoutException}. One daemon timer thread serves every stream.
 */
final class Deadline {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Duration timeout;
  private volatile boolean expired;
  private volatile ScheduledFuture<?> alarm;

  private Deadline(Duration timeout) {
    this.timeout = timeout;
  }

  /** A deadline {@code timeout} from now; none when {@code timeout} is null. */
  static Deadline after(Duration timeout) {
    return new Deadline(timeout);
  }

  /** {@code body}, closed when the deadline passes; closing it cancels the deadline. */
  InputStream guard(InputStream body) {
    Guarded guarded = new Guarded(body);
    if (timeout != null) {
      alarm = TIMER.schedule(() -> {
        expired = true;
        try {
          body.close();
        } catch (IOException | RuntimeException ignored) {
          // the read that is woken reports the timeout
        }
      }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }
    return guarded;
  }

  void cancel() {
    ScheduledFuture<?> scheduled = alarm;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  private final class Guarded extends FilterInputStream {
    Guarded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      check();
      try {
        return super.read();
      } catch (IOException e) {
        throw timedOutOr(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw timedOutOr(e);
      }
    }

    @Override
    public void close() throws IOException {
      cancel();
      super.close();
    }

    private void check() throws HttpTimeoutException {
      if (expired) {
        throw timedOut();
      }
    }

    private IOException timedOutOr(IOException e) {
      return expired ? timedOut() : e;
    }

    private HttpTimeoutException timedOut() {
      return new HttpTimeoutException("the streamed answer did not end within " + timeout.toSeconds() + " s");
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "imagegate-stream-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
