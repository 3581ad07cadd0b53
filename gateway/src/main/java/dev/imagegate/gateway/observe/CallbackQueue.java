package dev.imagegate.gateway.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One callback fed through its own bounded queue by its own virtual thread. {@link #offer} never blocks: a full
 * queue drops the event and counts it. A callback that throws loses that batch (counted); one that hangs only fills
 * its own queue.
 */
final class CallbackQueue implements AutoCloseable {
  private final String name;
  private final Callback callback;
  private final Set<CallEvent.Kind> kinds;
  private final BlockingQueue<CallEvent> queue;
  private final int batchSize;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread worker;
  private volatile boolean closing;

  /**
   * @param kinds the events this callback wants
   * @param capacity how many events may wait; more are dropped
   * @param batchSize the most events handed over in one {@link Callback#handle} call
   */
  CallbackQueue(String name, Callback callback, Set<CallEvent.Kind> kinds, int capacity, int batchSize) {
    this.name = name;
    this.callback = callback;
    this.kinds = Set.copyOf(kinds);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = batchSize;
    this.worker = Thread.ofVirtual().name("imagegate-callback-" + name).start(this::run);
  }

  String name() {
    return name;
  }

  Callback callback() {
    return callback;
  }

  /** Queues {@code event} if this callback wants its kind; drops it (counted) when the queue is full. */
  void offer(CallEvent event) {
    if (!kinds.contains(event.event()) || closing) {
      return;
    }
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  int depth() {
    return queue.size();
  }

  long dropped() {
    return dropped.get();
  }

  long failures() {
    return failures.get();
  }

  private void run() {
    try {
      while (!closing || !queue.isEmpty()) {
        CallEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<CallEvent> batch = new ArrayList<>(Math.min(batchSize, queue.size() + 1));
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        deliver(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finished.countDown();
    }
  }

  private void deliver(List<CallEvent> batch) {
    try {
      callback.handle(List.copyOf(batch));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.incrementAndGet();
    } catch (Throwable e) {
      failures.incrementAndGet();
    }
  }

  /**
   * Stops taking events, lets the worker hand over what is queued within {@code grace}, then interrupts it (a hung
   * callback) and closes the callback.
   */
  void close(Duration grace) {
    if (closing) {
      return;
    }
    closing = true;
    try {
      if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        worker.interrupt();
        dropped.addAndGet(queue.size());
        queue.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.interrupt();
    }
    try {
      callback.close();
    } catch (Exception e) {
      failures.incrementAndGet();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
