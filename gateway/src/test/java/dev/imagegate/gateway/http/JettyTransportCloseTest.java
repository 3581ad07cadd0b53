package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.imagegate.provider.HttpTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Closing the upstream transport (the gateway's last step on SIGTERM) returns promptly with pooled keep-alive
 * connections open, also when the upstream has already gone away and left them half-closed.
 */
class JettyTransportCloseTest {

  private static HttpServer upstream() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static void load(JettyTransport transport, URI uri) throws Exception {
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpTransport.Response>> answers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        answers.add(executor.submit(() -> transport.send(HttpTransport.Request.postJson(uri,
            Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5)))));
      }
      for (Future<HttpTransport.Response> answer : answers) {
        assertThat(answer.get().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void closesPromptlyWithKeepAliveConnectionsOpen() throws Exception {
    HttpServer server = upstream();
    try {
      JettyTransport transport = new JettyTransport();
      load(transport, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
      assertTimeoutPreemptively(Duration.ofSeconds(10), transport::close);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void closesPromptlyAfterTheUpstreamWentAway() throws Exception {
    HttpServer server = upstream();
    JettyTransport transport = new JettyTransport();
    load(transport, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    server.stop(0);
    assertTimeoutPreemptively(Duration.ofSeconds(10), transport::close);
  }
}
