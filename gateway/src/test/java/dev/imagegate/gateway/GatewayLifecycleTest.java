package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycles at the gateway: a shut-down model is a 404 {@code model_not_found} before the upstream is called, a
 * deprecated one answers with {@code x-imagegate-deprecation}, and the model lists carry the dates.
 */
class GatewayLifecycleTest {
  @TempDir
  Path images;
  private MockWebServer upstream;
  private TestGateway gateway;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    String yaml = """
        model_list:
          - model_name: old
            litellm_params: {model: openai/dall-e-3, api_base: %1$s, api_key: sk-upstream}
          - model_name: retiring
            litellm_params: {model: openai/gpt-image-1, api_base: %1$s, api_key: sk-upstream}
          - model_name: current
            litellm_params: {model: openai/gpt-image-2, api_base: %1$s, api_key: sk-upstream}
        """.formatted(upstream.url("/v1"));
    gateway = TestGateway.withLifecycles(yaml, Map.of(), images, clock);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @Test
  void aShutDownModelIsA404ModelNotFoundAndTheUpstreamIsNeverCalled() throws Exception {
    HttpResponse<String> response = gateway.post("/v1/images/generations", "{\"model\":\"old\",\"prompt\":\"x\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    assertThat(error.path("message").asText()).contains("2026-05-12").contains("gpt-image-2");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void aDeprecatedModelAnswersWithTheDeprecationHeaderAndIsLoggedOnce() throws Exception {
    for (int i = 0; i < 2; i++) {
      upstream.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}").build());
    }

    HttpResponse<String> first = gateway.post("/v1/images/generations", "{\"model\":\"retiring\",\"prompt\":\"x\"}");
    HttpResponse<String> second = gateway.post("/v1/images/generations", "{\"model\":\"retiring\",\"prompt\":\"x\"}");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-imagegate-deprecation")).hasValueSatisfying(value ->
        assertThat(value).contains("2026-10-23").contains("gpt-image-2"));
    assertThat(second.headers().firstValue("x-imagegate-deprecation")).isPresent();
    assertThat(gateway.log.toString().lines().filter(line -> line.contains("openai/gpt-image-1 is deprecated")))
        .hasSize(1);
  }

  @Test
  void modelInfoAndModelsCarryTheLifecycleFields() throws Exception {
    JsonNode info = TestGateway.json(gateway.get("/v1/model/info"));
    JsonNode models = TestGateway.json(gateway.get("/v1/models"));

    assertThat(entry(info.path("data"), "model_name", "old").path("model_info").path("shutdown_date").asText())
        .isEqualTo("2026-05-12");
    assertThat(entry(info.path("data"), "model_name", "old").path("model_info").path("replacement").asText())
        .isEqualTo("gpt-image-2");
    assertThat(entry(info.path("data"), "model_name", "current").path("model_info").path("shutdown_date").isNull())
        .isTrue();
    assertThat(entry(models.path("data"), "id", "retiring").path("shutdown_date").asText()).isEqualTo("2026-10-23");
    assertThat(entry(models.path("data"), "id", "current").has("deprecation_date")).isTrue();
  }

  private static JsonNode entry(JsonNode list, String field, String value) {
    for (JsonNode item : list) {
      if (item.path(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + list);
  }
}
