package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call on a cheap group that fails over to a pricier group reserves the pricier price up front, so concurrent calls
 * cannot spend past the budget through the fallback (before: 30 calls against $0.20 spent $2.00).
 */
class FallbackBudgetTest {
  private static final String MASTER = "sk-master-fallback";

  @TempDir
  Path dir;

  @Test
  void concurrentCallsFallingBackToAPricierGroupStayWithinTheBudget() throws Exception {
    String config = """
        model_list:
          - model_name: cheap
            litellm_params: {model: openai/dall-e-2, api_base: "http://127.0.0.1:9/v1", api_key: sk-none,
                             output_cost_per_image: 0.01}
          - model_name: pricey
            litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.10}
        router_settings:
          num_retries: 0
          fallbacks: [{"cheap": ["pricey"]}]
        general_settings:
          master_key: %s
        """.formatted(MASTER);
    try (TestGateway gateway = new TestGateway(config, Map.of(), dir, Clock.systemUTC())) {
      String key = TestGateway.json(gateway.post("/key/generate", "{\"max_budget\": 0.20}", "Authorization",
          "Bearer " + MASTER)).path("key").asText();
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 30; i++) {
          calls.add(threads.submit(() -> gateway.post("/v1/images/generations",
              "{\"model\":\"cheap\",\"prompt\":\"a lighthouse\",\"size\":\"256x256\"}", "Authorization",
              "Bearer " + key)));
        }
      }
      List<HttpResponse<String>> ok = new ArrayList<>();
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        assertThat(response.statusCode()).isIn(200, 400);
        if (response.statusCode() == 200) {
          ok.add(response);
        } else {
          assertThat(TestGateway.json(response).path("error").path("type").asText()).as(response.body())
              .isEqualTo("budget_exceeded");
        }
      }
      assertThat(ok).hasSize(2);
      assertThat(ok).allSatisfy(r -> {
        assertThat(r.headers().firstValue("x-imagegate-response-cost")).hasValue("0.1");
        assertThat(r.headers().firstValue("x-imagegate-attempted-fallbacks")).hasValue("1");
      });
      gateway.gateway.accounts().writer().flush();
      HttpResponse<String> info = gateway.get("/key/info?key=" + key, "Authorization", "Bearer " + MASTER);
      assertThat(TestGateway.json(info).path("info").path("spend").decimalValue())
          .isEqualByComparingTo("0.20");
    }
  }
}
