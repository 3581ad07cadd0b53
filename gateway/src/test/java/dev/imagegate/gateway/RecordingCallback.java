package dev.imagegate.gateway;

import dev.imagegate.gateway.observe.CallEvent;
import dev.imagegate.gateway.observe.Callback;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A custom callback as users write one, named in config by its class. Each instance registers under its
 * {@code callback_settings} {@code id} so a test can find the one its gateway built. With {@code hang: true} it blocks
 * on its gate until the test opens it, as a sink whose endpoint never answers.
 */
public final class RecordingCallback implements Callback {
  static final Map<String, RecordingCallback> BY_ID = new ConcurrentHashMap<>();

  final BlockingQueue<CallEvent> events = new LinkedBlockingQueue<>();
  final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch entered = new CountDownLatch(1);
  private final boolean hang;
  volatile boolean closed;

  public RecordingCallback(Map<String, Object> settings) {
    this.hang = Boolean.TRUE.equals(settings.get("hang"));
    BY_ID.put(String.valueOf(settings.get("id")), this);
  }

  @Override
  public void handle(List<CallEvent> batch) throws InterruptedException {
    entered.countDown();
    if (hang) {
      gate.await();
    }
    events.addAll(batch);
  }

  /** The next event, waiting for it to be delivered. */
  CallEvent next() throws InterruptedException {
    CallEvent event = events.poll(10, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no event was delivered");
    }
    return event;
  }

  @Override
  public void close() {
    closed = true;
  }
}
