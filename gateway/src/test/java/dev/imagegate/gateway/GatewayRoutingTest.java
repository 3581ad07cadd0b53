package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries and fallbacks through the gateway, and the headers that report them. */
class GatewayRoutingTest {
  @TempDir
  Path images;
  private MockWebServer up;
  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    up = new MockWebServer();
    up.start();
    String down = MockServers.closedPortUrl("/v1");
    String yaml = """
        model_list:
          - model_name: images
            litellm_params: {model: openai/dall-e-2, api_base: %1$s, api_key: sk-a, order: 1}
            model_info: {id: down-deployment}
          - model_name: images
            litellm_params: {model: openai/dall-e-2, api_base: %2$s, api_key: sk-b, order: 2}
            model_info: {id: up-deployment}
          - model_name: primary
            litellm_params: {model: openai/dall-e-2, api_base: %1$s, api_key: sk-a}
            model_info: {id: primary-only}
          - model_name: backup
            litellm_params: {model: openai/dall-e-2, api_base: %2$s, api_key: sk-b}
            model_info: {id: backup-1}
        router_settings:
          num_retries: 1
          fallbacks: [{"primary": ["backup"]}]
        """.formatted(down, up.url("/v1"));
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-11-25T00:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    up.close();
  }

  private void answerOnce() {
    up.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
  }

  @Test
  void aDeploymentThatRefusesConnectionsIsRetriedOnTheHealthyOne() throws Exception {
    answerOnce();

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"images\",\"prompt\":\"a fox\",\"size\":\"512x512\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-imagegate-model-id")).contains("up-deployment");
    assertThat(response.headers().firstValue("x-imagegate-attempted-retries")).contains("1");
    assertThat(response.headers().firstValue("x-imagegate-attempted-fallbacks")).contains("0");
    assertThat(response.headers().firstValue("x-imagegate-response-cost")).contains("0.018");
    assertThat(up.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk-b");
  }

  @Test
  void aGroupThatFailsFallsBackAndTheHeadersSaySo() throws Exception {
    answerOnce();

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"primary\",\"prompt\":\"a fox\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-imagegate-model-id")).contains("backup-1");
    assertThat(response.headers().firstValue("x-imagegate-attempted-fallbacks")).contains("1");
    assertThat(response.headers().firstValue("x-imagegate-attempted-retries")).contains("1");
  }

  @Test
  void whenEverythingFailsTheLastFailureIsReported() throws Exception {
    up.enqueue(json(503, "{\"error\":{\"message\":\"Engine overloaded\",\"type\":\"server_error\"}}"));
    up.enqueue(json(503, "{\"error\":{\"message\":\"Engine overloaded\",\"type\":\"server_error\"}}"));

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"primary\",\"prompt\":\"a fox\"}");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("message").asText()).contains("Engine overloaded");
    assertThat(error.path("type").asText()).isEqualTo("api_error");
  }
}
