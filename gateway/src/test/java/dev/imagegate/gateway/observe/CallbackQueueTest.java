package dev.imagegate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.provider.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The queue in front of each callback: kinds, batching, failures, drops, shutdown. */
class CallbackQueueTest {
  @Test
  void onlyTheKindsAskedForAreQueuedAndAFailingBatchDoesNotStopTheNext() throws Exception {
    BlockingQueue<List<CallEvent>> batches = new LinkedBlockingQueue<>();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch failed = new CountDownLatch(1);
    Callback flaky = events -> {
      if (calls.getAndIncrement() == 0) {
        failed.countDown();
        throw new IllegalStateException("sink down");
      }
      batches.add(events);
    };
    CallbackQueue queue = new CallbackQueue("flaky", flaky, Set.of(CallEvent.Kind.SUCCESS), 10, 10);

    queue.offer(Events.success("lost"));
    assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
    queue.offer(Events.start("ignored"));
    queue.offer(Events.failure("ignored"));
    queue.offer(Events.success("kept"));

    List<CallEvent> delivered = batches.poll(10, TimeUnit.SECONDS);
    assertThat(delivered).extracting(CallEvent::callId).containsExactly("kept");
    assertThat(queue.failures()).isEqualTo(1);
    queue.close(Duration.ofSeconds(5));
  }

  @Test
  void eventsQueuedBehindABusyCallbackArriveAsOneBatchAndOverflowIsDropped() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<List<CallEvent>> batches = new LinkedBlockingQueue<>();
    Callback slow = events -> {
      busy.countDown();
      release.await();
      batches.add(events);
    };
    CallbackQueue queue = new CallbackQueue("slow", slow, Set.of(CallEvent.Kind.SUCCESS), 3, 10);

    queue.offer(Events.success("c0"));
    assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 5; i++) {
      queue.offer(Events.success("c" + i));
    }
    assertThat(queue.depth()).isEqualTo(3);
    assertThat(queue.dropped()).isEqualTo(2);
    release.countDown();

    assertThat(batches.poll(5, TimeUnit.SECONDS)).extracting(CallEvent::callId).containsExactly("c0");
    assertThat(batches.poll(5, TimeUnit.SECONDS)).extracting(CallEvent::callId).containsExactly("c1", "c2", "c3");
    queue.close(Duration.ofSeconds(5));
  }

  @Test
  void closingHandsOverWhatIsQueuedThenClosesTheCallback() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CountDownLatch closed = new CountDownLatch(1);
    JsonLogs logs = new JsonLogs(new PrintStream(out, true, StandardCharsets.UTF_8));
    Callback closing = new Callback() {
      @Override
      public void handle(List<CallEvent> events) {
        logs.handle(events);
      }

      @Override
      public void close() {
        closed.countDown();
      }
    };
    CallbackQueue queue = new CallbackQueue("json_logs", closing, Set.of(CallEvent.Kind.values()), 10, 10);

    queue.offer(Events.start("c1"));
    queue.offer(Events.success("c1"));
    queue.close(Duration.ofSeconds(5));

    assertThat(closed.getCount()).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(Json.MAPPER.readTree(lines[0]).path("event").asText()).isEqualTo("start");
    assertThat(Json.MAPPER.readTree(lines[1]).path("event").asText()).isEqualTo("success");
    assertThat(Json.MAPPER.readTree(lines[1]).path("images").get(0).path("bytes").asLong()).isEqualTo(1234);
  }

  @Test
  void aHungCallbackIsInterruptedAtShutdownAndItsQueueCountsAsDropped() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    Callback hung = events -> {
      busy.countDown();
      new CountDownLatch(1).await();
    };
    CallbackQueue queue = new CallbackQueue("hung", hung, Set.of(CallEvent.Kind.SUCCESS), 10, 1);
    queue.offer(Events.success("c0"));
    assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
    queue.offer(Events.success("c1"));

    queue.close(Duration.ofMillis(50));

    assertThat(queue.dropped()).isEqualTo(1);
    assertThat(queue.depth()).isZero();
  }
}
