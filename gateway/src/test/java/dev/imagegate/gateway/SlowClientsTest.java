package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.testing.RawClient;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and greedy clients at the edge: an unfinished request head is dropped after the header timeout, a stalled
 * body is a 408, connections over the per-address and total caps are refused with a 503 that says why (and others
 * are still served), and a slow upstream is waited for whatever the client-side timeouts.
 */
class SlowClientsTest {
  private static final String MASTER = "sk-master-slow";
  @TempDir
  Path dir;
  private MockWebServer upstream;
  private TestGateway gateway;
  private final List<Socket> sockets = new ArrayList<>();

  private void start(String edge) throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    gateway = new TestGateway("""
        model_list:
          - model_name: images
            litellm_params: {model: openai/dall-e-2, api_base: "%s", api_key: sk-upstream}
        general_settings:
          master_key: %s
          request_body_timeout_seconds: 1
        %s
        """.formatted(upstream.url("/v1"), MASTER, edge), Map.of(), dir,
        new MutableClock(Instant.parse("2026-12-04T12:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private InetSocketAddress address() {
    URI base = URI.create(gateway.url("/"));
    return new InetSocketAddress(base.getHost(), base.getPort());
  }

  /** A connection from {@code source} that sends half a request head and nothing more. */
  private Socket stalled(String source) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(address(), 5000);
    socket.getOutputStream().write("POST /v1/images/generations HTTP/1.1\r\nHost: x\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    sockets.add(socket);
    return socket;
  }

  private static String readAll(Socket socket, Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    InputStream in = socket.getInputStream();
    StringBuilder out = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + wait + "; read so far: " + out, e);
    }
    return out.toString();
  }

  /**
   * What the one connection the gateway refused received (which one that is depends on the order the gateway accepts
   * them in, not the order they were opened); the others stay open, waiting.
   */
  private static String firstAnswer(List<Socket> opened) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int i = 0; System.nanoTime() < deadline; i = (i + 1) % opened.size()) {
      Socket socket = opened.get(i);
      socket.setSoTimeout(50);
      byte[] buffer = new byte[4096];
      try {
        int n = socket.getInputStream().read(buffer);
        if (n > 0) {
          return new String(buffer, 0, n, StandardCharsets.UTF_8) + readAll(socket, Duration.ofSeconds(5));
        }
      } catch (SocketTimeoutException e) {
        // this one is waiting: try the next
      }
    }
    throw new AssertionError("no connection was refused");
  }

  @Test
  void anUnfinishedRequestHeadIsDroppedAfterTheHeaderTimeout() throws Exception {
    start("  request_header_timeout_seconds: 1");
    Socket socket = stalled("127.0.0.1");
    long started = System.nanoTime();

    readAll(socket, Duration.ofSeconds(10));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void aStalledBodyIsA408InOpenAisShape() throws Exception {
    start("");
    String raw = "POST /v1/images/generations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + MASTER
        + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":\"images\",";

    RawClient.Answer answer = RawClient.exchange(address(), raw, false, Duration.ofSeconds(10));

    assertThat(answer.status()).as(answer.head() + answer.body()).isEqualTo(408);
    assertThat(answer.json().path("error").path("code").asText()).isEqualTo("request_timeout");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void connectionsOverThePerAddressCapAreRefusedAndOtherAddressesAreStillServed() throws Exception {
    start("  max_connections_per_client: 5");
    List<Socket> greedy = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      greedy.add(stalled("127.0.0.2"));
    }

    String refused = firstAnswer(greedy);
    HttpResponse<String> served = gateway.get("/health/liveliness");

    assertThat(refused).startsWith("HTTP/1.1 503").contains("\"code\":\"too_many_connections\"")
        .contains("Too many open connections from your address (the limit is 5)");
    assertThat(served.statusCode()).isEqualTo(200);
  }

  @Test
  void connectionsOverTheTotalCapAreRefusedSayingSo() throws Exception {
    start("  max_connections: 4");
    List<Socket> many = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      many.add(stalled("127.0.0." + (2 + i)));
    }

    String refused = firstAnswer(many);

    assertThat(refused).startsWith("HTTP/1.1 503").contains("reached its limit of 4 open connections");
  }

  @Test
  void anUpstreamSlowerThanTheClientTimeoutsIsStillWaitedFor() throws Exception {
    start("");
    upstream.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .headersDelay(3, TimeUnit.SECONDS)
        .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}").build());

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"images\",\"prompt\":\"a fox\",\"response_format\":\"b64_json\"}",
        "Authorization", "Bearer " + MASTER);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
