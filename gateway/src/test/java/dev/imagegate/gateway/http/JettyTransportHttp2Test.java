package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.gateway.testing.Poll;
import dev.imagegate.gateway.testing.TcpProxy;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.testing.Catalogs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream transport over HTTP/2 by prior knowledge (h2c) against a real Jetty server that speaks HTTP/1.1 and h2c
 * on one port: which hosts get which protocol, many calls on one connection, the server's stream limit, errors,
 * timeouts and a lost connection. HTTP/1.1 keeps its own tests ({@link JettyConnectionFailureTest} and the rest).
 */
class JettyTransportHttp2Test {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    timer.shutdownNow();
  }

  @Test
  void listedPlainHttpHostsGetHttp2AndOthersHttp11() throws Exception {
    Upstream upstream = upstream(128);
    JettyTransport h2c = transport(Set.of("127.0.0.1:" + upstream.port()));
    JettyTransport byHost = transport(Set.of("127.0.0.1"));
    JettyTransport plain = transport(Set.of("127.0.0.1:1"));

    assertThat(text(h2c.send(post(upstream.url("/echo-version"))))).isEqualTo("HTTP/2.0");
    assertThat(text(byHost.send(post(upstream.url("/echo-version"))))).isEqualTo("HTTP/2.0");
    assertThat(text(plain.send(post(upstream.url("/echo-version"))))).isEqualTo("HTTP/1.1");
    assertThat(text(new JettyTransport().send(post(upstream.url("/echo-version"))))).isEqualTo("HTTP/1.1");
  }

  @Test
  void concurrentCallsShareOneConnectionAndEachGetsItsOwnWholeAnswer() throws Exception {
    Upstream upstream = upstream(128);
    JettyTransport transport = transport(Set.of("127.0.0.1"));
    // One call first: until the server's SETTINGS arrive the pool cannot know the connection multiplexes, so calls
    // racing the very first connect may open a second one. After that, everything must share the one connection.
    assertThat(transport.send(post(upstream.url("/small"))).status()).isEqualTo(200);
    int calls = 60;
    upstream.holdUntil = new CountDownLatch(calls);
    List<Thread> threads = new ArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < calls; i++) {
      int n = i;
      threads.add(Thread.startVirtualThread(() -> expectAnswer(transport, upstream, "/large/" + n, n, failures)));
    }
    for (Thread thread : threads) {
      thread.join(30_000);
    }

    assertThat(failures).isEmpty();
    assertThat(upstream.maxInFlight.get()).as("all held at the upstream at once").isEqualTo(calls);
    assertThat(upstream.connections.get()).as("connections opened").isEqualTo(1);
  }

  @Test
  void manySmallAndLargeCallsAtOnceAllSucceedOnTheirConnections() throws Exception {
    Upstream upstream = upstream(128);
    JettyTransport transport = transport(Set.of("127.0.0.1"));
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger next = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < 16; w++) {
      workers.add(Thread.startVirtualThread(() -> {
        for (int n = next.getAndIncrement(); n < 2_000; n = next.getAndIncrement()) {
          expectAnswer(transport, upstream, n % 5 == 0 ? "/large/" + n : "/small", n, failures);
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join(60_000);
    }

    assertThat(failures).isEmpty();
  }

  /**
   * Answers without room in the budget wait at the provider: each keeps only a small receive window of its
   * connection's, so the connection carries other calls meanwhile (with Jetty's default 8 MB windows two held answers
   * stalled their whole connection), and each comes whole once it has room.
   */
  @Test
  void largeAnswersWithoutRoomWaitAtTheProviderWhileTheirConnectionCarriesOtherCalls() throws Exception {
    Upstream upstream = upstream(128);
    AnswerBudget budget = new AnswerBudget(2L * 1024 * 1024);
    JettyTransport transport = transport(Set.of("127.0.0.1")).bounded(budget);
    assertThat(transport.send(post(upstream.url("/small"))).status()).isEqualTo(200); // opens the one connection
    CountDownLatch release = new CountDownLatch(1);
    Map<Integer, byte[]> answers = new ConcurrentHashMap<>();
    List<Thread> calls = new ArrayList<>();
    calls.add(scopedCall(transport, upstream, 0, answers, release));
    Poll.until("the first answer holding room", Duration.ofSeconds(10), () -> budget.available() < budget.capacity());
    int waiting = 12;
    for (int n = 1; n <= waiting; n++) {
      calls.add(scopedCall(transport, upstream, n, answers, null));
    }
    Poll.until("the rest waiting for room, held at the provider", Duration.ofSeconds(10),
        () -> budget.waiting() == waiting && upstream.inFlight.get() == waiting);

    for (int i = 0; i < 20; i++) {
      assertThat(transport.send(post(upstream.url("/small"))).status()).isEqualTo(200);
    }
    // the upstream counts a call as done once its answer is written (a small one's count may lag its answer a little)
    Poll.until("the held answers still unwritten at the provider", Duration.ofSeconds(10),
        () -> upstream.inFlight.get() == waiting);
    assertThat(answers).containsOnlyKeys(0);

    release.countDown();
    for (Thread call : calls) {
      call.join(20_000);
    }
    for (int n = 0; n <= waiting; n++) {
      assertThat(answers.get(n)).as("answer " + n).isEqualTo(Upstream.large(n));
    }
    assertThat(budget.available()).isEqualTo(budget.capacity());
    assertThat(upstream.connections.get()).isEqualTo(1);
  }

  /** Calls {@code path}; a status other than 200, or a /large/N answer other than its bytes, goes to failures. */
  private static void expectAnswer(JettyTransport transport, Upstream upstream, String path, int n,
                                   List<String> failures) {
    try {
      HttpTransport.Response response = transport.send(post(upstream.url(path)));
      boolean wrong = path.startsWith("/large/") && !java.util.Arrays.equals(response.body(), Upstream.large(n));
      if (response.status() != 200 || wrong) {
        failures.add(n + ": status " + response.status() + ", " + response.body().length + " bytes");
      }
    } catch (Exception e) {
      failures.add(n + ": " + e);
    }
  }

  /** A call to /large/N in a budget scope of its own, kept open until {@code release} (when given). */
  private static Thread scopedCall(JettyTransport transport, Upstream upstream, int n, Map<Integer, byte[]> answers,
                                   CountDownLatch release) {
    return Thread.startVirtualThread(() -> {
      try (AnswerBudget.Scope scope = AnswerBudget.open()) {
        answers.put(n, transport.send(post(upstream.url("/large/" + n))).body());
        if (release != null) {
          release.await(20, TimeUnit.SECONDS);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }


  @Test
  void theServersLimitOfConcurrentStreamsIsHonoured() throws Exception {
    Upstream upstream = upstream(4);
    upstream.holdMillis = 150;
    JettyTransport transport = transport(Set.of("127.0.0.1"));
    int calls = 24;
    List<Thread> threads = new ArrayList<>();
    AtomicInteger ok = new AtomicInteger();
    for (int i = 0; i < calls; i++) {
      threads.add(Thread.startVirtualThread(() -> {
        try {
          if (transport.send(post(upstream.url("/small"))).status() == 200) {
            ok.incrementAndGet();
          }
        } catch (Exception e) {
          // counted by ok
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join(30_000);
    }

    assertThat(ok.get()).isEqualTo(calls);
    assertThat(upstream.maxStreamsOnOneConnection()).as("streams at once on one connection").isBetween(1, 4);
  }

  @Test
  void anErrorStatusIsAnAnswerAndTheConnectionStaysInUse() throws Exception {
    Upstream upstream = upstream(128);
    JettyTransport transport = transport(Set.of("127.0.0.1"));

    HttpTransport.Response error = transport.send(post(upstream.url("/status/429")));
    HttpTransport.Response fine = transport.send(post(upstream.url("/small")));

    assertThat(error.status()).isEqualTo(429);
    assertThat(text(error)).contains("rate_limit_exceeded");
    assertThat(error.headers()).containsKey("retry-after");
    assertThat(fine.status()).isEqualTo(200);
    assertThat(upstream.connections.get()).isEqualTo(1);
  }

  @Test
  void aStreamTheServerResetsFailsThatCallOnly() throws Exception {
    Upstream upstream = upstream(128);
    JettyTransport transport = transport(Set.of("127.0.0.1"));
    upstream.holdMillis = 300;
    Thread held = Thread.startVirtualThread(() -> {
      try {
        transport.send(post(upstream.url("/small")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    IOException reset = catchThrowableOfType(IOException.class, () -> transport.send(post(upstream.url("/reset"))));
    held.join(5_000);

    assertThat(reset).isNotNull();
    assertThat(transport.send(post(upstream.url("/small"))).status()).isEqualTo(200);
    assertThat(upstream.connections.get()).isEqualTo(1);
  }

  @Test
  void aCallPastItsTimeoutFailsAsATimeoutWhileTheConnectionCarriesOn() throws Exception {
    Upstream upstream = upstream(128);
    upstream.holdMillis = 3_000;
    JettyTransport transport = transport(Set.of("127.0.0.1"));

    long start = System.nanoTime();
    HttpTimeoutException timeout = catchThrowableOfType(HttpTimeoutException.class, () -> transport.send(
        new HttpTransport.Request("POST", upstream.url("/small"), Map.of(), new byte[0], Duration.ofMillis(300))));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    upstream.holdMillis = 0;

    assertThat(timeout).hasMessage("no complete answer within 300 ms");
    assertThat(tookMillis).isLessThan(2_500);
    assertThat(transport.send(post(upstream.url("/small"))).status()).isEqualTo(200);
    assertThat(upstream.connections.get()).isEqualTo(1);
  }

  @Test
  void aCallLongerThanTheConnectionIdleTimeoutIsNotCutByIt() throws Exception {
    Upstream upstream = upstream(128);
    upstream.holdMillis = 2_500;
    // long enough that connection setup on a busy machine is not cut by it, shorter than the call
    Duration idle = Duration.ofMillis(1_000);
    JettyTransport h2c = new JettyTransport(Duration.ofSeconds(10), 64, 8L << 20,
        new UpstreamProtocols(true, Set.of("127.0.0.1")), idle);
    JettyTransport http11 = new JettyTransport(Duration.ofSeconds(10), 64, 8L << 20, UpstreamProtocols.DEFAULTS, idle);
    closing.add(h2c);
    closing.add(http11);

    assertThat(h2c.send(post(upstream.url("/small"))).status()).isEqualTo(200);
    assertThat(http11.send(post(upstream.url("/small"))).status()).isEqualTo(200);
  }

  @Test
  void aLostConnectionFailsEveryCallOnItWithAPlainCauseAndTheNextCallReconnects() throws Exception {
    Upstream upstream = upstream(128);
    TcpProxy proxy = new TcpProxy(new InetSocketAddress("127.0.0.1", upstream.port()));
    closing.add(proxy);
    JettyTransport transport = transport(Set.of("127.0.0.1"));
    URI viaProxy = URI.create("http://127.0.0.1:" + proxy.port() + "/small");
    upstream.holdMillis = 5_000;
    int calls = 5;
    CountDownLatch failed = new CountDownLatch(calls);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < calls; i++) {
      Thread.startVirtualThread(() -> {
        try {
          transport.send(post(viaProxy));
        } catch (Exception e) {
          failures.add(e);
        }
        failed.countDown();
      });
    }
    awaitInFlight(upstream, calls);

    proxy.cut();
    assertThat(failed.await(5, TimeUnit.SECONDS)).as("every call on the lost connection ended").isTrue();
    proxy.restore();
    upstream.holdMillis = 0;

    assertThat(failures).hasSize(calls).allSatisfy(e -> assertThat(e).isInstanceOf(IOException.class));
    assertThat(transport.send(post(viaProxy)).status()).isEqualTo(200);

    // what a client reads: a plain cause, no Jetty internals or socket addresses
    upstream.holdMillis = 5_000;
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).transport(transport)
        .env(Env.of(Map.of())).build();
    String base = "http://127.0.0.1:" + proxy.port();
    Thread cutter = Thread.startVirtualThread(() -> {
      awaitInFlight(upstream, 1);
      proxy.cut();
    });
    ImageGateException e = catchThrowableOfType(ImageGateException.class, () -> gate.generate(
        ImageRequest.builder("a fox").model("openai/dall-e-2").apiKey("sk-test-0000").apiBase(base + "/v1")
            .timeout(Duration.ofSeconds(20)).build()));
    cutter.join(5_000);

    assertThat(e).isNotNull();
    assertThat(e.status()).isIn(502, 503);
    assertThat(e.getMessage()).isEqualTo("Connection to openai at " + base
        + " failed: the provider closed the connection before answering completely");
  }

  private static void awaitInFlight(Upstream upstream, int count) {
    try {
      Poll.until(count + " calls held at the upstream", Duration.ofSeconds(5), () -> upstream.inFlight.get() >= count);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  private JettyTransport transport(Set<String> h2cHosts) {
    JettyTransport transport = new JettyTransport(Duration.ofSeconds(10), 64, 8L << 20,
        new UpstreamProtocols(true, h2cHosts));
    closing.add(transport);
    return transport;
  }

  private static HttpTransport.Request post(URI uri) {
    return new HttpTransport.Request("POST", uri, Map.of("Content-Type", "application/json"),
        "{\"prompt\":\"a fox\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));
  }

  private static String text(HttpTransport.Response response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private Upstream upstream(int maxStreams) throws Exception {
    Upstream upstream = new Upstream(timer, maxStreams);
    closing.add(upstream);
    return upstream;
  }

  /**
   * A Jetty server speaking HTTP/1.1 and h2c on one port. {@code /echo-version} answers the request's HTTP version;
   * {@code /small} a small JSON; {@code /large/N} 1.5 MB that differ per N; {@code /status/429} a rate-limit error;
   * {@code /reset} fails the stream; {@code /v1/images/generations} an OpenAI answer. Every call is held
   * {@code holdMillis}, or until {@code holdUntil} counts down to zero.
   */
  private static final class Upstream extends Handler.Abstract.NonBlocking implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector;
    private final ScheduledExecutorService timer;
    final AtomicInteger connections = new AtomicInteger();
    private final Set<Object> sockets = ConcurrentHashMap.newKeySet();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<Object, AtomicInteger> streamsByConnection = new ConcurrentHashMap<>();
    private final Map<Object, AtomicInteger> maxStreamsByConnection = new ConcurrentHashMap<>();
    volatile long holdMillis;
    volatile CountDownLatch holdUntil;

    Upstream(ScheduledExecutorService timer, int maxStreams) throws Exception {
      this.timer = timer;
      HttpConfiguration config = new HttpConfiguration();
      HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
      h2c.setMaxConcurrentStreams(maxStreams);
      connector = new ServerConnector(server, new HttpConnectionFactory(config), h2c);
      connector.setHost("127.0.0.1");
      connector.addBean(new Connection.Listener() {
        @Override
        public void onOpened(Connection connection) {
          // an h2c connection opens as HTTP/1.1 and is replaced on the preface: count sockets, not connections
          if (sockets.add(connection.getEndPoint())) {
            connections.incrementAndGet();
          }
        }
      });
      server.addConnector(connector);
      server.setHandler(this);
      server.start();
    }

    int port() {
      return connector.getLocalPort();
    }

    URI url(String path) {
      return URI.create("http://127.0.0.1:" + port() + path);
    }

    int maxStreamsOnOneConnection() {
      return maxStreamsByConnection.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    static byte[] large(int n) {
      byte[] bytes = new byte[1_500_000];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) ('A' + (i + n) % 26);
      }
      return bytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Object connection = request.getConnectionMetaData().getConnection();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      int onConnection = streamsByConnection.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
      maxStreamsByConnection.computeIfAbsent(connection, c -> new AtomicInteger())
          .accumulateAndGet(onConnection, Math::max);
      Callback done = Callback.from(() -> {
        inFlight.decrementAndGet();
        streamsByConnection.get(connection).decrementAndGet();
      }, callback);
      Content.Source.consumeAll(request, Callback.from(() -> hold(() -> answer(request, response, done)),
          done::failed));
      return true;
    }

    private void hold(Runnable answer) {
      CountDownLatch latch = holdUntil;
      if (latch != null) {
        latch.countDown();
        Thread.startVirtualThread(() -> {
          try {
            latch.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer.run();
        });
      } else if (holdMillis > 0) {
        timer.schedule(answer, holdMillis, TimeUnit.MILLISECONDS);
      } else {
        answer.run();
      }
    }

    private static void answer(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      byte[] body;
      if (path.equals("/echo-version")) {
        body = request.getConnectionMetaData().getHttpVersion().asString().getBytes(StandardCharsets.US_ASCII);
      } else if (path.startsWith("/large/")) {
        body = large(Integer.parseInt(path.substring(7)));
      } else if (path.equals("/status/429")) {
        response.setStatus(429);
        response.getHeaders().put("retry-after", "1");
        body = "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"
            .getBytes(StandardCharsets.UTF_8);
      } else if (path.equals("/reset")) {
        // a committed answer that fails half-way: the stream is reset
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 1000);
        response.write(false, ByteBuffer.wrap(new byte[10]),
            Callback.from(() -> callback.failed(new IOException("reset by the test")), callback::failed));
        return;
      } else {
        body = "{\"created\":1,\"data\":[{\"url\":\"https://example.com/a.png\"}]}".getBytes(StandardCharsets.UTF_8);
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public void close() throws Exception {
      server.stop();
    }
  }
}
