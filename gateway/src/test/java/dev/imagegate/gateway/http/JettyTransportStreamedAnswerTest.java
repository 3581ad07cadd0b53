package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.ImageRequest;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JettyTransport#stream}, over HTTP/1.1 and h2c, against a real Jetty server that writes server-sent events
 * one at a time: each event can be read before the answer ends; closing the answer early aborts the exchange (the
 * server's next write fails); another thread can abort the answers a reader has open; the request's timeout ends a
 * stalled answer; and a reader that stops reading holds the server's writes back instead of the transport buffering
 * the whole answer.
 */
class JettyTransportStreamedAnswerTest {
  private static final byte[] EVENT = "event: image_generation.partial_image\ndata: {\"b64_json\":\"AAAA\"}\n\n"
      .getBytes(StandardCharsets.US_ASCII);
  private Upstream upstream;

  @BeforeEach
  void start() throws Exception {
    upstream = new Upstream();
  }

  @AfterEach
  void stop() throws Exception {
    upstream.close();
  }

  private JettyTransport transport(boolean h2c) {
    return new JettyTransport(Duration.ofSeconds(5), 16, 8L << 20,
        new UpstreamProtocols(true, h2c ? Set.of("127.0.0.1") : Set.of()));
  }

  private HttpTransport.Request post(String path, Duration timeout) {
    return new HttpTransport.Request("POST", URI.create("http://127.0.0.1:" + upstream.port() + path),
        Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), timeout);
  }

  @ParameterizedTest(name = "h2c={0}")
  @ValueSource(booleans = {false, true})
  void eachEventCanBeReadBeforeTheAnswerEnds(boolean h2c) throws Exception {
    try (JettyTransport transport = transport(h2c);
         HttpTransport.Streamed answer = transport.stream(post("/events", Duration.ofSeconds(10)))) {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("content-type")).startsWith("text/event-stream");
      InputStream body = answer.body();
      assertThat(body.readNBytes(EVENT.length)).as("the first event, while the server holds the rest")
          .isEqualTo(EVENT);
      assertThat(upstream.finished.getCount()).as("the server has not finished").isEqualTo(1);
      upstream.release.countDown();
      assertThat(body.readAllBytes()).isEqualTo(EVENT);
    }
    assertThat(upstream.finished.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @ParameterizedTest(name = "h2c={0}")
  @ValueSource(booleans = {false, true})
  void closingTheAnswerEarlyAbortsTheExchange(boolean h2c) throws Exception {
    try (JettyTransport transport = transport(h2c)) {
      HttpTransport.Streamed answer = transport.stream(post("/endless", Duration.ofSeconds(30)));
      assertThat(answer.body().readNBytes(EVENT.length)).isEqualTo(EVENT);
      answer.close();
      assertThat(upstream.writeFailed.await(10, TimeUnit.SECONDS))
          .as("the server's writes fail once the client aborted").isTrue();
    }
  }

  @ParameterizedTest(name = "h2c={0}")
  @ValueSource(booleans = {false, true})
  void abortingTheReadersStreamsFromAnotherThreadFailsItsBlockedRead(boolean h2c) throws Exception {
    try (JettyTransport transport = transport(h2c)) {
      java.util.concurrent.CompletableFuture<Throwable> failed = new java.util.concurrent.CompletableFuture<>();
      CountDownLatch reading = new CountDownLatch(1);
      ProviderCall call = new ProviderCall(new ModelRef("openai", "gpt-image-2"),
          ImageRequest.builder("x").build(), Env.of(Map.of()), transport, java.time.Clock.systemUTC());
      Thread reader = Thread.ofVirtual().start(() -> {
        try (HttpTransport.Streamed answer = ProviderHttp.stream(call, post("/events", Duration.ofSeconds(30)))) {
          answer.body().readNBytes(EVENT.length);
          reading.countDown();
          answer.body().readAllBytes();
          failed.complete(null);
        } catch (Exception e) {
          failed.complete(e);
        }
      });
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100);
      assertThat(ProviderHttp.abortStreams(reader)).as("the reader had an answer open").isTrue();
      assertThat(failed.get(5, TimeUnit.SECONDS)).isInstanceOf(java.io.IOException.class);
      assertThat(ProviderHttp.abortStreams(reader)).as("nothing open once the answer is closed").isFalse();
    }
  }

  @ParameterizedTest(name = "h2c={0}")
  @ValueSource(booleans = {false, true})
  void aRefusedConnectionFailsLikeASend(boolean h2c) throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (JettyTransport transport = transport(h2c)) {
      Throwable failure = catchThrowable(() -> transport.stream(new HttpTransport.Request("POST",
          URI.create("http://127.0.0.1:" + closedPort + "/events"), Map.of(), new byte[0], Duration.ofSeconds(5))));
      assertThat(failure).isInstanceOf(java.net.ConnectException.class);
    }
  }

  @ParameterizedTest(name = "h2c={0}")
  @ValueSource(booleans = {false, true})
  void aStalledAnswerEndsAtTheRequestTimeout(boolean h2c) throws Exception {
    try (JettyTransport transport = transport(h2c);
         HttpTransport.Streamed answer = transport.stream(post("/events", Duration.ofMillis(700)))) {
      InputStream body = answer.body();
      assertThat(body.readNBytes(EVENT.length)).isEqualTo(EVENT);
      long start = System.nanoTime();
      Throwable failure = catchThrowable(body::readAllBytes);
      assertThat(failure).isInstanceOf(HttpTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest(name = "h2c={0}")
  @ValueSource(booleans = {false, true})
  void aReaderThatStopsReadingHoldsTheServerBack(boolean h2c) throws Exception {
    try (JettyTransport transport = transport(h2c);
         HttpTransport.Streamed answer = transport.stream(post("/flood", Duration.ofSeconds(30)))) {
      assertThat(answer.body().readNBytes(1024)).hasSize(1024);
      Thread.sleep(700);
      long written = upstream.floodWritten.get();
      assertThat(written).as("bytes the server could write while the reader stood still (of "
          + Upstream.FLOOD + ")").isLessThan(Upstream.FLOOD / 2);
    }
  }

  /**
   * A server on HTTP/1.1 and h2c. {@code /events} writes one event, waits for {@link #release}, writes another;
   * {@code /endless} writes an event every 20 ms until a write fails; {@code /flood} writes {@link #FLOOD} bytes in
   * 64 KB writes, counting them.
   */
  private static final class Upstream extends Handler.Abstract implements AutoCloseable {
    static final long FLOOD = 64L << 20;
    private final Server server = new Server();
    private final ServerConnector connector;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch finished = new CountDownLatch(1);
    final CountDownLatch writeFailed = new CountDownLatch(1);
    final AtomicLong floodWritten = new AtomicLong();

    Upstream() throws Exception {
      HttpConfiguration config = new HttpConfiguration();
      connector = new ServerConnector(server, new HttpConnectionFactory(config),
          new HTTP2CServerConnectionFactory(config));
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      server.setHandler(this);
      server.start();
    }

    int port() {
      return connector.getLocalPort();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      String path = request.getHttpURI().getPath();
      try {
        switch (path) {
          case "/events" -> {
            write(response, EVENT);
            release.await(10, TimeUnit.SECONDS);
            write(response, EVENT);
            finished.countDown();
          }
          case "/endless" -> {
            for (int i = 0; i < 1500; i++) {
              write(response, EVENT);
              Thread.sleep(20);
            }
          }
          case "/flood" -> {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (long sent = 0; sent < FLOOD; sent += chunk.length) {
              write(response, chunk);
              floodWritten.addAndGet(chunk.length);
            }
          }
          default -> response.setStatus(404);
        }
        callback.succeeded();
      } catch (Exception e) {
        writeFailed.countDown();
        callback.failed(e);
      }
      return true;
    }

    private static void write(Response response, byte[] bytes) throws Exception {
      try (Blocker.Callback blocker = Blocker.callback()) {
        response.write(false, ByteBuffer.wrap(bytes), blocker);
        blocker.block();
      }
    }

    @Override
    public void close() throws Exception {
      release.countDown();
      server.stop();
    }
  }
}
