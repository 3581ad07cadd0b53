package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits and variations through the real gateway: multipart and JSON forms, routing, spend rows, spooled files. */
class GatewayEditsTest {
  private static final String KEY = "sk-master-edits";
  @TempDir
  static Path images;
  @TempDir
  static Path spool;
  private static MockWebServer upstream;
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    String yaml = """
        model_list:
          - model_name: gpt-image-1
            litellm_params: {model: openai/gpt-image-1, api_base: %s, api_key: sk-upstream}
          - model_name: dall-e-3
            litellm_params: {model: openai/dall-e-3, api_base: %s, api_key: sk-upstream}
          - model_name: mock/imagegate-demo
            litellm_params: {model: mock/imagegate-demo}
        general_settings:
          master_key: %s
          upload_dir: %s
          upload_spool_threshold_kb: 1
        """.formatted(upstream.url("/v1"), upstream.url("/v1"), KEY, spool);
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-12-07T00:00:00Z")));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @Test
  void multipartEditOnTheMockModelAnswersImagesAndLeavesAnEditSpendRow() throws Exception {
    HttpResponse<String> response = new FormBody().field("model", "mock/imagegate-demo").field("prompt", "add a hat")
        .png("image", Inputs.pngAlpha(32, 32)).field("n", "2").field("response_format", "b64_json")
        .post(gateway, "/v1/images/edits", KEY);

    assertThat(response.statusCode()).as(response.body() + gateway.log).isEqualTo(200);
    JsonNode data = TestGateway.json(response).path("data");
    assertThat(data).hasSize(2);
    assertThat(Base64.getDecoder().decode(data.get(0).path("b64_json").asText())).startsWith(0x89, 'P', 'N', 'G');
    String callId = response.headers().firstValue("x-imagegate-call-id").orElseThrow();
    JsonNode row = spendRow(callId);
    assertThat(row.path("call_type").asText()).isEqualTo("image_edit");
    assertThat(row.path("metadata").path("n").asInt()).isEqualTo(2);
    assertThat(row.toString()).as("no image bytes in the row").hasSizeLessThan(4000);
  }

  @Test
  void variationLeavesAVariationSpendRow() throws Exception {
    HttpResponse<String> response = new FormBody().field("model", "mock/imagegate-demo")
        .png("image", Inputs.pngOpaque(16, 16)).post(gateway, "/images/variations", KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(spendRow(response.headers().firstValue("x-imagegate-call-id").orElseThrow())
        .path("call_type").asText()).isEqualTo("image_variation");
    assertThat(gateway.get("/metrics").body()).as("the call counted by its call type")
        .containsPattern("imagegate_requests_total\\{call_type=\"image_variation\",deployment=\"[^\"]+\","
            + "model_group=\"mock/imagegate-demo\",status=\"200\"} [1-9]");
  }

  @Test
  void severalImagesAndAMaskReachTheOpenAiUpstreamAsItsMultipartForm() throws Exception {
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
    byte[] first = Inputs.pngAlpha(64, 64);
    byte[] big = Inputs.pngOpaque(512, 512);
    HttpResponse<String> response = new FormBody().field("model", "gpt-image-1").field("prompt", "a gift basket")
        .png("image[]", first).file("image[]", "two.png", "application/octet-stream", big)
        .png("mask", Inputs.pngAlpha(64, 64)).field("input_fidelity", "high").field("quality", "low")
        .post(gateway, "/v1/images/edits", KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/images/edits");
    FormParts form = FormParts.parse(sent.getHeaders().get("Content-Type"), sent.getBody().toByteArray());
    assertThat(form.all("image[]")).extracting(FormParts.Part::bytes).containsExactly(first, big);
    assertThat(form.first("mask")).isPresent();
    assertThat(form.text("prompt")).isEqualTo("a gift basket");
    assertThat(form.text("input_fidelity")).isEqualTo("high");
    assertThat(spendRow(response.headers().firstValue("x-imagegate-call-id").orElseThrow())
        .path("call_type").asText()).isEqualTo("image_edit");
    assertThat(spooledFiles()).as("spooled uploads are deleted when the call ends").isEmpty();
  }

  @Test
  void jsonEditWithDataUrls() throws Exception {
    String png = Base64.getEncoder().encodeToString(Inputs.pngAlpha(8, 8));
    HttpResponse<String> response = gateway.post("/v1/images/edits", """
        {"model": "mock/imagegate-demo", "prompt": "a hat", "images": [{"image_url": "data:image/png;base64,%s"},
         {"image_url": "data:image/png;base64,%s"}], "size": "32x32"}""".formatted(png, png),
        "Authorization", "Bearer " + KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(TestGateway.json(response).path("data")).hasSize(1);
  }

  @Test
  void aModelThatCannotEditIsRefusedNamingTheModelTheOperationAndTheModelsThatCan() throws Exception {
    HttpResponse<String> response = new FormBody().field("model", "dall-e-3").field("prompt", "a hat")
        .png("image", Inputs.pngAlpha(8, 8)).post(gateway, "/v1/images/edits", KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("param").asText()).isEqualTo("model");
    assertThat(error.path("message").asText()).isEqualTo("The model 'dall-e-3' cannot do image edits. Models you "
        + "may use that can: gpt-image-1, mock/imagegate-demo");

    HttpResponse<String> vary = new FormBody().field("model", "gpt-image-1").png("image", Inputs.pngAlpha(8, 8))
        .post(gateway, "/openai/deployments/gpt-image-1/images/variations", KEY);
    assertThat(TestGateway.json(vary).path("error").path("message").asText()).isEqualTo("The model 'gpt-image-1' "
        + "cannot do image variations. Models you may use that can: mock/imagegate-demo");
  }

  private static JsonNode spendRow(String callId) throws Exception {
    gateway.gateway.accounts().writer().flush();
    JsonNode rows = TestGateway.json(gateway.get("/spend/logs?request_id=" + callId, "Authorization",
        "Bearer " + KEY));
    for (JsonNode row : rows) {
      if (row.path("request_id").asText().equals(callId)) {
        return row;
      }
    }
    throw new AssertionError("no spend row for " + callId + " in " + rows);
  }

  private static java.util.List<Path> spooledFiles() throws Exception {
    try (Stream<Path> files = Files.list(spool)) {
      return files.toList();
    }
  }
}
