package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.gateway.testing.Poll;
import dev.imagegate.provider.HttpTransport;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The bound on large upstream answers held at once: an answer that does not fit waits at the provider until a client
 * exchange holding room ends; small answers, a scope already holding an answer, and answers read outside a scope
 * are not held up; a waiting answer that times out gives its place back.
 */
class AnswerBudgetTest {
  private static final int LARGE = 1_500_000;

  @Test
  void aLargeAnswerThatDoesNotFitWaitsUntilTheExchangeHoldingRoomEnds() throws Exception {
    AnswerBudget budget = new AnswerBudget(2L * 1024 * 1024);
    try (MockWebServer server = new MockWebServer(); JettyTransport transport = new JettyTransport().bounded(budget)) {
      server.start();
      server.enqueue(large('A'));
      server.enqueue(large('B'));
      URI uri = server.url("/large").uri();

      CountDownLatch firstRead = new CountDownLatch(1);
      CountDownLatch firstDone = new CountDownLatch(1);
      CompletableFuture<byte[]> first = new CompletableFuture<>();
      Thread.startVirtualThread(() -> {
        try (AnswerBudget.Scope scope = AnswerBudget.open()) {
          first.complete(transport.send(get(uri, Duration.ofSeconds(30))).body());
          firstRead.countDown();
          firstDone.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          first.completeExceptionally(e);
        }
      });
      assertThat(firstRead.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(budget.available()).isEqualTo(budget.capacity() - LARGE);

      CompletableFuture<byte[]> second = new CompletableFuture<>();
      Thread.startVirtualThread(() -> {
        try (AnswerBudget.Scope scope = AnswerBudget.open()) {
          second.complete(transport.send(get(uri, Duration.ofSeconds(30))).body());
        } catch (Exception e) {
          second.completeExceptionally(e);
        }
      });
      Thread.sleep(500);
      assertThat(second).as("held back while the first exchange holds its answer").isNotDone();
      assertThat(budget.waiting()).isEqualTo(1);

      firstDone.countDown();
      byte[] body = second.get(10, TimeUnit.SECONDS);
      assertThat(body).hasSize(LARGE);
      assertThat(allOf(body, (byte) 'B')).isTrue();
      assertThat(allOf(first.get(), (byte) 'A')).isTrue();
      Poll.until("the budget's room", Duration.ofSeconds(5), () -> budget.available() == budget.capacity());
    }
  }

  @Test
  void aScopeAlreadyHoldingAnAnswerSmallAnswersAndUnscopedReadsAreNotHeldUp() throws Exception {
    AnswerBudget budget = new AnswerBudget(2L * 1024 * 1024);
    try (MockWebServer server = new MockWebServer(); JettyTransport transport = new JettyTransport().bounded(budget)) {
      server.start();
      for (int i = 0; i < 3; i++) {
        server.enqueue(large('C'));
      }
      server.enqueue(new MockResponse.Builder().code(200).body("{\"small\":true}").build());
      URI uri = server.url("/large").uri();

      try (AnswerBudget.Scope scope = AnswerBudget.open()) {
        assertThat(transport.send(get(uri, Duration.ofSeconds(10))).body()).hasSize(LARGE);
        assertThat(transport.send(get(uri, Duration.ofSeconds(10))).body())
            .as("a second large answer in the same exchange (a download after the answer)").hasSize(LARGE);
        assertThat(budget.available()).isLessThan(0);
      }
      assertThat(budget.available()).isEqualTo(budget.capacity());

      assertThat(transport.send(get(uri, Duration.ofSeconds(10))).body()).hasSize(LARGE);
      assertThat(budget.available()).as("an answer read outside a scope gives its room back on return")
          .isEqualTo(budget.capacity());
      assertThat(new String(transport.send(get(uri, Duration.ofSeconds(10))).body())).contains("small");
    }
  }

  @Test
  void aWaitingAnswerThatTimesOutGivesItsPlaceBack() throws Exception {
    AnswerBudget budget = new AnswerBudget(2L * 1024 * 1024);
    try (MockWebServer server = new MockWebServer(); JettyTransport transport = new JettyTransport().bounded(budget)) {
      server.start();
      server.enqueue(large('D'));
      server.enqueue(large('E'));
      URI uri = server.url("/large").uri();

      try (AnswerBudget.Scope scope = AnswerBudget.open()) {
        transport.send(get(uri, Duration.ofSeconds(10)));
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
          try (AnswerBudget.Scope other = AnswerBudget.open()) {
            return catchThrowable(() -> transport.send(get(uri, Duration.ofMillis(800))));
          }
        }, runnable -> Thread.startVirtualThread(runnable));
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(HttpTimeoutException.class);
        assertThat(budget.waiting()).isZero();
        assertThat(budget.available()).isEqualTo(budget.capacity() - LARGE);
      }
      assertThat(budget.available()).isEqualTo(budget.capacity());
    }
  }

  @Test
  void aStreamedAnswerTakesRoomOnlyWhileItsReaderHoldsAnImageWhole() throws Exception {
    AnswerBudget budget = new AnswerBudget(2L * 1024 * 1024);
    try (MockWebServer server = new MockWebServer(); JettyTransport transport = new JettyTransport().bounded(budget)) {
      server.start();
      server.enqueue(large('F'));
      server.enqueue(large('G'));
      URI uri = server.url("/events").uri();

      CountDownLatch firstHolds = new CountDownLatch(1);
      CountDownLatch firstPassesItOn = new CountDownLatch(1);
      CompletableFuture<Integer> first = new CompletableFuture<>();
      Thread.startVirtualThread(() -> {
        try (AnswerBudget.Scope scope = AnswerBudget.open();
             HttpTransport.Streamed answer = transport.stream(get(uri, Duration.ofSeconds(30)))) {
          int n = answer.body().read(new byte[1024]);
          assertThat(budget.available()).as("reading (relaying) takes no room").isEqualTo(budget.capacity());
          answer.holding().awaitRoom();
          firstHolds.countDown();
          firstPassesItOn.await(30, TimeUnit.SECONDS);
          AnswerBudget.releaseHeld();
          first.complete(n + answer.body().readAllBytes().length);
        } catch (Throwable e) {
          first.completeExceptionally(e);
        }
      });
      assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(budget.available()).isEqualTo(0);

      CompletableFuture<Integer> second = new CompletableFuture<>();
      Thread.startVirtualThread(() -> {
        try (AnswerBudget.Scope scope = AnswerBudget.open();
             HttpTransport.Streamed answer = transport.stream(get(uri, Duration.ofSeconds(30)))) {
          answer.holding().awaitRoom();
          second.complete(answer.body().readAllBytes().length);
        } catch (Throwable e) {
          second.completeExceptionally(e);
        }
      });
      Thread.sleep(500);
      assertThat(second).as("waits to hold while the other stream holds its image").isNotDone();
      assertThat(budget.waiting()).isEqualTo(1);

      firstPassesItOn.countDown();
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(LARGE);
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(LARGE);
      Poll.until("the budget's room", Duration.ofSeconds(5), () -> budget.available() == budget.capacity());

      server.enqueue(large('H'));
      try (HttpTransport.Streamed outside = transport.stream(get(uri, Duration.ofSeconds(30)))) {
        assertThat(outside.holding()).as("outside a call's scope nothing is bounded")
            .isSameAs(HttpTransport.Holding.NONE);
        outside.body().readAllBytes();
      }
    }
  }

  private static MockResponse large(char fill) {
    byte[] bytes = new byte[LARGE];
    Arrays.fill(bytes, (byte) fill);
    return new MockResponse.Builder().code(200).body(new Buffer().write(bytes)).build();
  }

  private static HttpTransport.Request get(URI uri, Duration timeout) {
    return new HttpTransport.Request("GET", uri, Map.of(), null, timeout);
  }

  private static boolean allOf(byte[] bytes, byte value) {
    for (byte b : bytes) {
      if (b != value) {
        return false;
      }
    }
    return true;
  }

}
