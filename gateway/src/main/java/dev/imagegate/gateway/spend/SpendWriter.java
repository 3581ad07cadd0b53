package dev.imagegate.gateway.spend;

import dev.imagegate.gateway.store.SpendEvent;
import dev.imagegate.gateway.store.SpendRow;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batched asynchronous spend writer. {@link #submit} only offers to a bounded queue: it never blocks, never
 * throws and never touches the database; a full queue drops the event, counts it ({@link #overflowed()}) and logs.
 * A background thread ({@link #start()}) flushes every {@code flushInterval} ({@code proxy_batch_write_at}), sooner
 * when a batch is full. A failed write keeps its batch and is retried first, after an exponential backoff, so a
 * database that comes back loses nothing that was queued. {@link #close()} stops the thread and flushes what is left.
 * Thread-safe.
 */
public final class SpendWriter implements SpendSink, AutoCloseable {
  /**
   * @param flushInterval LiteLLM's {@code proxy_batch_write_at} (default 10 s)
   * @param storePrompts {@code store_prompts_in_spend_logs}: prompts are dropped from rows unless true
   * @param closeAttempts how many times {@link #close()} tries to write what is left before giving up
   */
  public record Settings(Duration flushInterval, int queueCapacity, int batchSize, Backoff backoff,
                         boolean storePrompts, int closeAttempts) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(10), 100_000, 500,
          new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), false, 3);
    }

    public Settings {
      if (queueCapacity < 1 || batchSize < 1 || closeAttempts < 1 || flushInterval.isNegative()
          || flushInterval.isZero()) {
        throw new IllegalArgumentException("spend writer settings must be positive");
      }
    }
  }

  /** A queued event and what to run once it is committed (null for nothing). */
  private record Entry(SpendEvent event, Runnable written) {}

  /** What one {@link #flush()} did: rows newly stored, events still waiting, and whether the database failed. */
  public record FlushResult(int written, int pending, boolean failed) {}

  private static final System.Logger LOG = System.getLogger(SpendWriter.class.getName());

  private final BatchWriter table;
  private final Settings settings;
  private final BlockingQueue<Entry> queue;
  private final List<Entry> held = new ArrayList<>();
  private final ReentrantLock flushing = new ReentrantLock();
  private final ReentrantLock waking = new ReentrantLock();
  private final Condition wake = waking.newCondition();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong failedFlushes = new AtomicLong();
  private volatile int heldSize;
  private volatile int consecutiveFailures;
  private volatile boolean closed;
  private boolean wakeRequested;
  private Thread thread;

  /** @param table where batches go, normally {@code store.spend()::write} */
  public SpendWriter(BatchWriter table, Settings settings) {
    this.table = table;
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
  }

  @Override
  public boolean submit(SpendEvent event) {
    return submit(event, null);
  }

  /**
   * Queues {@code event} like {@link #submit(SpendEvent)}; {@code written} runs on the writer's thread once the batch
   * holding it is committed (never when the event is dropped or never written). It must be fast and must not throw.
   */
  public boolean submit(SpendEvent event, Runnable written) {
    SpendEvent stored = stored(event);
    if (closed || !queue.offer(new Entry(stored, written))) {
      long dropped = overflowed.incrementAndGet();
      if (dropped == 1 || dropped % 1000 == 0) {
        LOG.log(Level.WARNING, "spend queue {0}: {1} spend event(s) dropped so far (queue capacity {2})",
            closed ? "closed" : "full", dropped, settings.queueCapacity());
      }
      return false;
    }
    if (queue.size() >= settings.batchSize()) {
      signal();
    }
    return true;
  }

  /** {@code event} as it is stored: a row without its prompt unless {@code store_prompts_in_spend_logs} is on. */
  public SpendEvent stored(SpendEvent event) {
    return event instanceof SpendRow row && !settings.storePrompts() ? row.withoutPrompt() : event;
  }

  /**
   * Writes what is queued now, batch by batch, on the calling thread; stops at the first failure (the failed batch is
   * kept for the next attempt). Never throws.
   */
  public FlushResult flush() {
    flushing.lock();
    try {
      int stored = 0;
      while (true) {
        if (held.isEmpty()) {
          queue.drainTo(held, settings.batchSize());
          heldSize = held.size();
        }
        if (held.isEmpty()) {
          return new FlushResult(stored, 0, false);
        }
        try {
          stored += table.write(held.stream().map(Entry::event).toList());
        } catch (RuntimeException e) {
          return failed(stored, e);
        }
        recovered();
        for (Entry entry : held) {
          if (entry.written() != null) {
            entry.written().run();
          }
        }
        held.clear();
        heldSize = 0;
      }
    } finally {
      flushing.unlock();
    }
  }

  private FlushResult failed(int stored, RuntimeException e) {
    failedFlushes.incrementAndGet();
    consecutiveFailures++;
    if (consecutiveFailures == 1) {
      LOG.log(Level.WARNING, "spend write failed; keeping " + pending() + " event(s) and retrying: " + e.getMessage());
    }
    return new FlushResult(stored, pending(), true);
  }

  private void recovered() {
    if (consecutiveFailures > 0) {
      LOG.log(Level.INFO, "spend writes recovered after {0} failed attempt(s)", consecutiveFailures);
      consecutiveFailures = 0;
    }
  }

  /**
   * Starts the background flusher. A platform thread, not a virtual one: JDBC drivers that call native code (SQLite)
   * pin a virtual thread's carrier for a whole batch, which would take one of the carriers that serve requests.
   */
  public synchronized void start() {
    if (thread == null && !closed) {
      thread = Thread.ofPlatform().daemon().name("imagegate-spend-writer").start(this::run);
    }
  }

  private void run() {
    while (!closed) {
      Duration wait = consecutiveFailures == 0 ? settings.flushInterval()
          : settings.backoff().after(consecutiveFailures);
      await(wait);
      if (!closed) {
        flush();
      }
    }
  }

  private void await(Duration wait) {
    waking.lock();
    try {
      long nanos = wait.toNanos();
      while (!wakeRequested && !closed && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      waking.unlock();
    }
  }

  private void signal() {
    waking.lock();
    try {
      wakeRequested = true;
      wake.signalAll();
    } finally {
      waking.unlock();
    }
  }

  /** Stops accepting events, stops the flusher and writes what is left (logging what could not be written). */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
    }
    signal();
    if (running != null) {
      try {
        running.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    finalFlush();
  }

  private void finalFlush() {
    for (int attempt = 1; attempt <= settings.closeAttempts(); attempt++) {
      if (!flush().failed()) {
        return;
      }
      if (attempt < settings.closeAttempts()) {
        sleep(settings.backoff().after(attempt));
      }
    }
    LOG.log(Level.ERROR, "spend writer closed with {0} event(s) it could not write", pending());
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events dropped because the queue was full (or the writer closed): a counter for metrics. */
  public long overflowed() {
    return overflowed.get();
  }

  /** Flushes that failed since start (each is retried). */
  public long failedFlushes() {
    return failedFlushes.get();
  }

  /** Events waiting: queued plus a batch kept after a failure. */
  public int pending() {
    return queue.size() + heldSize;
  }
}
