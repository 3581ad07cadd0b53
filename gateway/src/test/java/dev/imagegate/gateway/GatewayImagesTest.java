package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images endpoint end to end: a real gateway, a real client, upstreams speaking the provider's protocol. */
class GatewayImagesTest {
  @TempDir
  Path images;
  private MockWebServer upstream;
  private TestGateway gateway;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    String yaml = """
        model_list:
          - model_name: mock/imagegate-demo
            litellm_params: {model: mock/imagegate-demo}
          - model_name: compat
            litellm_params:
              model: openai/flux-dev
              api_base: %s
              api_key: sk-upstream-secret
            model_info: {id: compat-1}
          - model_name: dalle
            litellm_params:
              model: openai/dall-e-2
              api_base: %s
              api_key: sk-upstream-secret
          - model_name: vectors
            litellm_params:
              model: recraft/recraftv3
              api_base: %s
              api_key: rk-upstream
        """.formatted(upstream.url("/v1"), upstream.url("/v1"), upstream.url(""));
    gateway = new TestGateway(yaml, Map.of(), images, clock);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @Test
  void mockModelAnswersOpenAiJsonWithTheCallHeaders() throws Exception {
    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"mock/imagegate-demo\",\"prompt\":\"a lighthouse\",\"n\":2,\"size\":\"32x16\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.headers().firstValue("x-imagegate-call-id")).hasValueSatisfying(id ->
        assertThat(id).hasSize(36));
    assertThat(response.headers().firstValue("x-imagegate-model-id")).isPresent();
    assertThat(response.headers().firstValue("x-imagegate-response-cost")).contains("0");
    assertThat(response.headers().firstValue("x-imagegate-attempted-retries")).contains("0");
    assertThat(response.headers().firstValue("x-imagegate-attempted-fallbacks")).contains("0");
    JsonNode body = TestGateway.json(response);
    assertThat(body.path("created").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(body.path("data")).hasSize(2);
    byte[] png = Base64.getDecoder().decode(body.path("data").get(0).path("b64_json").asText());
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(body.path("usage").path("total_tokens").asInt()).isZero();
  }

  @Test
  void openAiShapedUpstreamGetsTheDeploymentsModelAndKeyAndItsImagesComeBackByteForByte() throws Exception {
    byte[] image = new byte[300_000];
    new Random(1).nextBytes(image);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, image, 0, 8);
    String b64 = Base64.getEncoder().encodeToString(image);
    upstream.enqueue(json(200, "{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + b64 + "\"}],"
        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":5,\"total_tokens\":8}}"));

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"compat\",\"prompt\":\"a fox\",\"seed\":7,\"size\":\"768x768\"}",
        "x-imagegate-end-user", "customer-42");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-imagegate-model-id")).contains("compat-1");
    assertThat(response.headers().firstValue("x-imagegate-response-cost")).isEmpty();
    JsonNode body = TestGateway.json(response);
    assertThat(body.path("data").get(0).path("b64_json").asText()).isEqualTo(b64);
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(8);
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/images/generations");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-upstream-secret");
    JsonNode upstreamBody = Fixtures.tree(sent.getBody().toByteArray());
    assertThat(upstreamBody.path("model").asText()).isEqualTo("flux-dev");
    assertThat(upstreamBody.path("seed").asInt()).isEqualTo(7);
    assertThat(upstreamBody.path("user").asText()).isEqualTo("customer-42");
  }

  @Test
  void azureStylePathNamesTheModel() throws Exception {
    HttpResponse<String> response = gateway.post(
        "/openai/deployments/mock%2Fimagegate-demo/images/generations?api-version=2025-04-01-preview",
        "{\"model\":\"compat\",\"prompt\":\"a fox\",\"size\":\"8x8\"}", "api-key", "anything");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(upstream.getRequestCount()).isZero();
    assertThat(gateway.post("/images/generations", "{\"model\":\"mock/imagegate-demo\",\"prompt\":\"x\","
        + "\"size\":\"8x8\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void askingForUrlsFromABase64ProviderServesTheImageFromTheGatewayUntilItExpires() throws Exception {
    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"mock/imagegate-demo\",\"prompt\":\"a fox\",\"size\":\"16x16\",\"response_format\":\"url\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    String url = TestGateway.json(response).path("data").get(0).path("url").asText();
    assertThat(url).startsWith(gateway.gateway.url() + "/v1/images/files/").endsWith(".png");
    HttpResponse<byte[]> image = gateway.getBytes(url);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("content-type")).contains("image/png");
    assertThat(image.body()).startsWith(0x89, 'P', 'N', 'G');

    clock.advance(Duration.ofHours(2));
    HttpResponse<byte[]> expired = gateway.getBytes(url);
    assertThat(expired.statusCode()).isEqualTo(404);
    assertThat(gateway.getBytes(gateway.gateway.url() + "/v1/images/files/..%2F..%2Fetc%2Fpasswd").statusCode())
        .isEqualTo(404);
  }

  @Test
  void askingForBase64FromAUrlProviderDownloadsAndEncodes() throws Exception {
    byte[] png = Base64.getDecoder().decode(MockServers.PNG_1X1);
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"url\":\"" + upstream.url("/files/1.png") + "\"}]}"));
    upstream.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(png)).build());

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"dalle\",\"prompt\":\"a fox\",\"response_format\":\"b64_json\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(Base64.getDecoder().decode(TestGateway.json(response).path("data").get(0).path("b64_json").asText()))
        .isEqualTo(png);
    assertThat(response.headers().firstValue("x-imagegate-response-cost")).contains("0.02");
  }

  @Test
  void theEndUserNeverBreaksACallToAProviderWithoutUser() throws Exception {
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"vectors\",\"prompt\":\"a fox\",\"user\":\"customer-7\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(Fixtures.tree(upstream.takeRequest().getBody().toByteArray()).has("user")).isFalse();
  }

  @Test
  void providerErrorsKeepTheirStatusTypeAndMessage() throws Exception {
    upstream.enqueue(json(400, "{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
        + "\"type\":\"image_generation_user_error\",\"code\":\"content_policy_violation\"}}"));

    HttpResponse<String> response = gateway.post("/v1/images/generations", "{\"model\":\"compat\",\"prompt\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo("content_policy_violation");
    assertThat(error.path("message").asText()).contains("rejected by the safety system");
    assertThat(response.body()).doesNotContain("sk-upstream-secret");
  }
}
