package dev.imagegate.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The end of a streamed answer's time: past it, the body is closed from a timer thread (which wakes a blocked read)
 * and every read fails with an {@link HttpTimeoutException}. One daemon timer thread serves every stream. Bodies are
 * also registered by the thread reading them, so a caller that stops reading can close them from its own thread
 * ({@link #abort}).
 */
final class Deadline {
  private static final ScheduledThreadPoolExecutor TIMER = timer();
  /** The streamed bodies open, by the thread reading them, for {@link #abort}. */
  private static final Map<Thread, Set<Guarded>> OPEN = new ConcurrentHashMap<>();

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

  /**
   * {@code body}, closed when the deadline passes; closing it cancels the deadline. The calling thread is taken as
   * its reader (see {@link #abort}).
   */
  InputStream guard(InputStream body) {
    Guarded guarded = new Guarded(body, Thread.currentThread());
    OPEN.computeIfAbsent(guarded.reader, thread -> ConcurrentHashMap.newKeySet()).add(guarded);
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

  /**
   * Closes every streamed body {@code reader} has open (from another thread): a read blocked on one wakes and fails.
   * Returns whether there was any.
   */
  static boolean abort(Thread reader) {
    Set<Guarded> open = OPEN.remove(reader);
    if (open == null || open.isEmpty()) {
      return false;
    }
    open.forEach(Guarded::abort);
    return true;
  }

  private final class Guarded extends FilterInputStream {
    final Thread reader;
    volatile boolean aborted;

    Guarded(InputStream in, Thread reader) {
      super(in);
      this.reader = reader;
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
      Set<Guarded> open = OPEN.get(reader);
      if (open != null) {
        open.remove(this);
        OPEN.computeIfPresent(reader, (thread, set) -> set.isEmpty() ? null : set);
      }
      super.close();
    }

    /** Marks the read aborted and closes the body under it, which wakes a read blocked on it. */
    void abort() {
      aborted = true;
      try {
        in.close();
      } catch (IOException | RuntimeException ignored) {
        // the woken read reports the abort
      }
    }

    private void check() throws IOException {
      if (expired) {
        throw timedOut();
      }
      if (aborted) {
        throw abortedByCaller();
      }
    }

    private IOException timedOutOr(IOException e) {
      return expired ? timedOut() : aborted ? abortedByCaller() : e;
    }

    private IOException abortedByCaller() {
      return new IOException("the streamed answer was closed: the caller stopped reading");
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
