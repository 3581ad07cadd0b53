package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed call is admitted like any other, its reservation including what its partial images can be billed
 * (100 output image tokens each on a token-billed model): the budget refusal is an ordinary JSON error, sent before
 * anything is streamed or sent upstream.
 */
class StreamBudgetTest {
  private static final String MASTER = "sk-master-stream-budget";

  @TempDir
  Path dir;

  @Test
  void theBudgetCheckCountsThePartialImagesAndRefusesWithAJsonError() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    String config = """
        model_list:
          - model_name: gpt-image-2
            litellm_params: {model: openai/gpt-image-2, api_base: "http://127.0.0.1:%d/v1", api_key: sk-up}
        router_settings:
          num_retries: 0
        general_settings:
          master_key: %s
        """.formatted(deadPort, MASTER);
    try (TestGateway gateway = new TestGateway(config, Map.of(), dir, Clock.systemUTC())) {
      String key = TestGateway.json(gateway.post("/key/generate", "{\"max_budget\": 0.215}", "Authorization",
          "Bearer " + MASTER)).path("key").asText();
      String call = "{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse\",\"size\":\"1024x1024\","
          + "\"quality\":\"high\",\"stream\":true,\"partial_images\":%d}";

      HttpResponse<String> refused = gateway.post("/v1/images/generations", call.formatted(3), "Authorization",
          "Bearer " + key);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("content-type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("application/json"));
      JsonNode error = TestGateway.json(refused).path("error");
      assertThat(error.path("type").asText()).isEqualTo("budget_exceeded");
      // 7024 image tokens x $30/M + (12 prompt bytes + 32) x $5/M = $0.21094, plus 3 x 100 x $30/M for partials
      assertThat(error.path("message").asText()).contains("estimated cost of this call: 0.21994");

      HttpResponse<String> admitted = gateway.post("/v1/images/generations", call.formatted(0), "Authorization",
          "Bearer " + key);
      assertThat(admitted.statusCode()).as("admitted, then the upstream is down: " + admitted.body())
          .isEqualTo(502);
      assertThat(admitted.headers().firstValue("content-type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("application/json"));
    }
  }
}
