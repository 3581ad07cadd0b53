package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exchange's byte handling over a real Jetty server and the JDK client: request bodies read whole (with and
 * without a declared length, over the limit refused), and response bodies of every size written intact, small ones
 * with a {@code Content-Length}, long ones chunked, whether written byte by byte, in pieces or as one large array.
 */
class ExchangeTest {
  private static final long LIMIT = 64 * 1024;
  private static Server server;
  private static URI base;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(Routes.builder()
        .post("/echo", exchange -> {
          byte[] body = exchange.body(LIMIT);
          exchange.bytes(200, "application/octet-stream", body);
        })
        .get("/write/{mode}/{size}", exchange -> {
          byte[] body = pattern(Integer.parseInt(exchange.pathParam("size")));
          exchange.stream(200, "application/octet-stream", out -> {
            switch (exchange.pathParam("mode")) {
              case "bytes" -> {
                for (byte b : body) {
                  out.write(b);
                }
              }
              case "pieces" -> {
                for (int off = 0; off < body.length; off += 700) {
                  out.write(body, off, Math.min(700, body.length - off));
                }
              }
              default -> out.write(body);
            }
          });
        })
        .build());
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static byte[] pattern(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + i / 251);
    }
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 148, 1024, 1025, 5000, 16 * 1024, 16 * 1024 + 1, 40_000, 1_500_000})
  void responseBodiesOfEverySizeArriveIntactWrittenAnyWay(int size) throws Exception {
    for (String mode : new String[] {"bytes", "pieces", "whole"}) {
      HttpResponse<byte[]> response = client.send(
          HttpRequest.newBuilder(base.resolve("/write/" + mode + "/" + size)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(mode).isEqualTo(200);
      assertThat(Arrays.equals(response.body(), pattern(size))).as(mode + " " + size + " bytes intact").isTrue();
      if (size <= 16 * 1024) {
        assertThat(response.headers().firstValue("content-length")).as(mode).hasValue(Integer.toString(size));
      } else {
        assertThat(response.headers().firstValue("transfer-encoding")).as(mode).hasValue("chunked");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 200, 20_000, 64 * 1024})
  void requestBodiesAreReadWholeWithADeclaredLength(int size) throws Exception {
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(pattern(size))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Arrays.equals(response.body(), pattern(size))).isTrue();
  }

  @Test
  void requestBodiesAreReadWholeWithoutADeclaredLength() throws Exception {
    byte[] body = pattern(30_000);
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Arrays.equals(response.body(), body)).isTrue();
  }

  @Test
  void bodiesOverTheLimitAreRefusedWithOrWithoutADeclaredLength() throws Exception {
    byte[] body = pattern((int) LIMIT + 1);
    HttpResponse<String> declared = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> undeclared = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    for (HttpResponse<String> response : java.util.List.of(declared, undeclared)) {
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("\"type\"");
    }
  }
}
