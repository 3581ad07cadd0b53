package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token-billed model without per-image prices (gpt-image-2) reserves its worst case before the call: the image
 * tokens of the size and quality asked plus the prompt bounded by its length. Concurrent calls then cannot spend past
 * the key's budget (before: the estimate was unpriced, nothing was reserved, and all 20 calls went through).
 */
class TokenBudgetTest {
  private static final String MASTER = "sk-master-tokens";
  /** A 1x1 PNG. */
  private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  @TempDir
  Path dir;

  @Test
  void concurrentGptImage2CallsStayWithinTheBudget() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    upstream.createContext("/v1/images/generations", exchange -> {
      exchange.getRequestBody().readAllBytes();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = ("{\"created\":1,\"data\":[{\"b64_json\":\"" + PNG + "\"}],\"size\":\"1024x1024\","
          + "\"quality\":\"high\",\"usage\":{\"input_tokens\":20,\"input_tokens_details\":{\"text_tokens\":20,"
          + "\"image_tokens\":0},\"output_tokens\":7024,\"total_tokens\":7044}}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    String config = """
        model_list:
          - model_name: gpt-image-2
            litellm_params: {model: openai/gpt-image-2, api_base: "http://127.0.0.1:%d/v1", api_key: sk-up}
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
        """.formatted(upstream.getAddress().getPort(), MASTER);
    try (TestGateway gateway = new TestGateway(config, Map.of(), dir, Clock.systemUTC())) {
      String key = TestGateway.json(gateway.post("/key/generate", "{\"max_budget\": 1.00}", "Authorization",
          "Bearer " + MASTER)).path("key").asText();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 20; i++) {
          calls.add(threads.submit(() -> {
            start.await();
            return gateway.post("/v1/images/generations", "{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse\","
                + "\"size\":\"1024x1024\",\"quality\":\"high\"}", "Authorization", "Bearer " + key);
          }));
        }
        start.countDown();
      }
      int ok = 0;
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        if (response.statusCode() == 200) {
          ok++;
          // 7024 image tokens x $30/M + 20 text tokens x $5/M
          assertThat(response.headers().firstValue("x-imagegate-response-cost")).hasValue("0.21082");
        } else {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
          assertThat(TestGateway.json(response).path("error").path("type").asText()).isEqualTo("budget_exceeded");
          assertThat(TestGateway.json(response).path("error").path("message").asText())
              .contains("estimated cost of this call: 0.21094");
        }
      }
      // each call reserves 7024 x $30/M + (12 prompt bytes + 32) x $5/M = $0.21094: four fit in $1.00
      assertThat(ok).isEqualTo(4);
      gateway.gateway.accounts().writer().flush();
      HttpResponse<String> info = gateway.get("/key/info?key=" + key, "Authorization", "Bearer " + MASTER);
      BigDecimal spend = TestGateway.json(info).path("info").path("spend").decimalValue();
      assertThat(spend).isEqualByComparingTo("0.84328").isLessThanOrEqualTo(new BigDecimal("1.00"));
    } finally {
      upstream.stop(0);
    }
  }
}
