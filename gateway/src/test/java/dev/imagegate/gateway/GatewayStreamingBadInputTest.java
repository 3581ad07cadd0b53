package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad {@code stream} and {@code partial_images} values, in JSON bodies, multipart forms and on Azure's path, are 400s
 * naming the field before anything reaches a provider; and neither field is forwarded to a provider as an extra.
 */
class GatewayStreamingBadInputTest {
  private static final String KEY = "sk-master-stream-bad";
  @TempDir
  static Path images;
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
          - model_name: dall-e-2
            litellm_params: {model: openai/dall-e-2, api_base: %s, api_key: sk-upstream}
        general_settings: {master_key: %s}
        """.formatted(upstream.url("/v1"), upstream.url("/v1"), KEY);
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-12-07T00:00:00Z")));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @ParameterizedTest(name = "[{index}] {2}: {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`\"stream\": true, \"partial_images\": 4`      | partial_images | Invalid partial_images 4: expected an integer from 0 to 3",
      "`\"stream\": true, \"partial_images\": -1`     | partial_images | Invalid partial_images -1: expected an integer from 0 to 3",
      "`\"stream\": true, \"partial_images\": \"2\"`  | partial_images | Invalid type for 'partial_images': expected an integer, but got a string",
      "`\"stream\": true, \"partial_images\": 1.5`    | partial_images | Invalid type for 'partial_images': expected an integer, but got a decimal number",
      "`\"partial_images\": 7`                        | partial_images | Invalid partial_images 7: expected an integer from 0 to 3",
      "`\"stream\": \"yes\"`                          | stream         | Invalid type for 'stream': expected true or false, but got a string",
      "`\"stream\": 1`                                | stream         | Invalid type for 'stream': expected true or false, but got an integer",
      "`\"stream\": \"true\"`                         | stream         | Invalid type for 'stream': expected true or false, but got a string",
  })
  void badStreamFieldsAre400sNamingTheField(String fields, String param, String message) throws Exception {
    String body = "{\"model\": \"gpt-image-1\", \"prompt\": \"x\", " + fields + "}";
    for (String path : new String[] {"/v1/images/generations",
        "/openai/deployments/gpt-image-1/images/generations?api-version=2025-04-01-preview"}) {
      HttpResponse<String> response = gateway.post(path, body, "Authorization", "Bearer " + KEY);
      assertError(response, param, message);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}={1}")
  @CsvSource({
      "stream, yes, Invalid stream 'yes': expected true or false",
      "stream, 1, Invalid stream '1': expected true or false",
      "partial_images, 1.5, Invalid partial_images '1.5': expected an integer",
      "partial_images, two, Invalid partial_images 'two': expected an integer",
      "partial_images, 4, Invalid partial_images 4: expected an integer from 0 to 3",
      "partial_images, -1, Invalid partial_images -1: expected an integer from 0 to 3"})
  void badStreamFieldsInAnEditFormAre400s(String field, String value, String message) throws Exception {
    HttpResponse<String> response = new FormBody().field("model", "gpt-image-1").field("prompt", "a hat")
        .png("image", Inputs.pngAlpha(8, 8)).field(field, value).post(gateway, "/v1/images/edits", KEY);
    assertError(response, field, message);
  }

  @Test
  void aVariationCannotStream() throws Exception {
    String message = "stream is not supported for image variations";
    assertError(new FormBody().field("model", "dall-e-2").png("image", Inputs.pngOpaque(16, 16))
        .field("stream", "true").post(gateway, "/v1/images/variations", KEY), "stream", message);
    assertError(new FormBody().png("image", Inputs.pngOpaque(16, 16)).field("stream", "true")
        .post(gateway, "/openai/deployments/dall-e-2/images/variations?api-version=2024-02-01", KEY), "stream",
        message);
  }

  @Test
  void streamAndPartialImagesAreNeverForwardedAsExtras() throws Exception {
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
    int before = upstream.getRequestCount();
    HttpResponse<String> response = gateway.post("/v1/images/generations", """
        {"model": "gpt-image-1", "prompt": "x", "stream": false, "partial_images": 2}""",
        "Authorization", "Bearer " + KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(upstream.getRequestCount()).isEqualTo(before + 1);
    RecordedRequest sent = upstream.takeRequest();
    JsonNode body = Fixtures.tree(sent.getBody().string(StandardCharsets.UTF_8));
    assertThat(body.has("partial_images")).isFalse();
    assertThat(body.has("stream")).isFalse();
  }

  private static void assertError(HttpResponse<String> response, String param, String message)
      throws InterruptedException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(upstream.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS)).as("nothing reached the provider").isNull();
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("param").asText()).isEqualTo(param);
    assertThat(error.path("message").asText()).startsWith(message);
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
  }
}
