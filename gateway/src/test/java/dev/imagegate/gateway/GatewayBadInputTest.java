package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every malformed request gets its exact status and OpenAI-shaped error, and none of them reaches a provider: the
 * upstream behind the one OpenAI-shaped model group must never see a request.
 */
class GatewayBadInputTest {
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
          - model_name: dall-e-3
            litellm_params: {model: openai/dall-e-3, api_base: %s, api_key: sk-upstream}
          - model_name: mock/imagegate-demo
            litellm_params: {model: mock/imagegate-demo}
        general_settings:
          master_key: sk-master-1234
          max_request_size_mb: 0.001
        """.formatted(upstream.url("/v1"));
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-11-25T00:00:00Z")));
  }

  @AfterAll
  static void stop() throws Exception {
    HttpResponse<String> good = gateway.post("/v1/images/generations",
        "{\"model\":\"mock/imagegate-demo\",\"prompt\":\"x\"}", "Authorization", "Bearer sk-master-1234");
    assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
    gateway.gateway.accounts().writer().flush();
    JsonNode rows = TestGateway.json(gateway.get("/spend/logs", "Authorization", "Bearer sk-master-1234"));
    assertThat(rows).as("spend rows: the good calls' (this one's at least), none for any rejected request")
        .isNotEmpty().allSatisfy(row -> {
          assertThat(row.path("status").asText()).isEqualTo("success");
          assertThat(row.path("model_group").asText()).isEqualTo("mock/imagegate-demo");
        });
    gateway.close();
    assertThat(upstream.getRequestCount()).as("requests that reached the provider").isZero();
    upstream.close();
  }

  @ParameterizedTest(name = "[{index}] {1} {2} {4}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"n\":2}`                       | 400 | n               | 400 | No deployment of model group 'dall-e-3' can serve this request: Invalid n 2 for openai/dall-e-3: allowed only 1",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"n\":\"1\"}`                   | 400 | n               | 400 | Invalid type for 'n': expected an integer, but got a string",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"n\":0}`                       | 400 | n               | 400 | Invalid n 0: at least one image must be requested",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"size\":\"512x512\"}`          | 400 | size            | 400 | No deployment of model group 'dall-e-3' can serve this request: Invalid size '512x512' for openai/dall-e-3: allowed values are 1024x1024, 1792x1024, 1024x1792",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"size\":\"huge\"}`             | 400 | size            | 400 | Invalid size 'huge': expected WIDTHxHEIGHT",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"quality\":\"ultra\"}`         | 400 | quality         | 400 | No deployment of model group 'dall-e-3' can serve this request: Invalid quality 'ultra' for openai/dall-e-3: allowed values are standard, hd",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"style\":\"anime\"}`           | 400 | style           | 400 | No deployment of model group 'dall-e-3' can serve this request: Invalid style 'anime' for openai/dall-e-3: allowed values are vivid, natural",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"response_format\":\"png\"}`   | 400 | response_format | 400 | Invalid response_format 'png': allowed values are url, b64_json",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"\"}`                               | 400 | prompt          | 400 | 'prompt' is required and must not be blank",
      "`{\"model\":\"dall-e-3\"}`                                               | 400 | prompt          | 400 | prompt is required and must not be blank",
      "`{\"model\":\"dall-e-3\",\"prompt\":42}`                                 | 400 | prompt          | 400 | Invalid type for 'prompt': expected a string, but got an integer",
      "`{\"model\":\"gpt-4o\",\"prompt\":\"x\"}`                                | 404 | model           | model_not_found | The model 'gpt-4o' does not exist or you do not have access to it. Models you may use: dall-e-3, mock/imagegate-demo",
      "`{\"prompt\":\"x\"}`                                                     | 400 | model           | 400 | 'model' is required: one of dall-e-3, mock/imagegate-demo",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"api_key\":\"sk-mine\"}`       | 400 | api_key         | 400 | 'api_key' cannot be set by clients",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"api_base\":\"http://10.0.0.1\"}` | 400 | api_base    | 400 | 'api_base' cannot be set by clients",
      "`{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"aws_secret_access_key\":\"k\"}` | 400 | aws_secret_access_key | 400 | 'aws_secret_access_key' cannot be set by clients",
      "`{\"model\":\"dall-e-3\",`                                               | 400 |                 | 400 | We could not parse the JSON body of your request",
      "`[\"prompt\"]`                                                           | 400 |                 | 400 | The request body must be a JSON object",
      "``                                                                       | 400 |                 | 400 | The request body is empty",
  })
  void badRequestsGetTheirExactError(String body, int status, String param, String code, String message)
      throws Exception {
    HttpResponse<String> response = gateway.post("/v1/images/generations", body == null ? "" : body,
        "Authorization", "Bearer sk-master-1234");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("message").asText()).startsWith(message);
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("param").isNull() ? null : error.path("param").asText()).isEqualTo(param);
    assertThat(error.path("code").asText()).isEqualTo(code);
    assertThat(response.headers().firstValue("x-imagegate-call-id")).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no key             |                                   | Missing API key",
      "wrong bearer       | Authorization:Bearer sk-wrong      | Authentication Error, Invalid proxy server token passed.",
      "wrong api-key      | api-key:sk-master-12345            | Authentication Error, Invalid proxy server token passed.",
      "empty bearer       | Authorization:Bearer               | Missing API key"})
  void requestsWithoutTheMasterKeyGet401(String name, String header, String message) throws Exception {
    String[] headers = header == null ? new String[0] : header.split(":", 2);
    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}", headers);

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("message").asText()).startsWith(message);
    assertThat(error.path("type").asText()).isEqualTo("authentication_error");
    assertThat(gateway.get("/v1/models").statusCode()).isEqualTo(401);
    assertThat(gateway.get("/v1/model/info").statusCode()).isEqualTo(401);
    assertThat(gateway.get("/health").statusCode()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Authorization, Bearer sk-master-1234", "api-key, sk-master-1234", "Authorization, sk-master-1234"})
  void theMasterKeyIsAcceptedInEverySpelling(String header, String value) throws Exception {
    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"mock/imagegate-demo\",\"prompt\":\"x\",\"size\":\"4x4\"}", header, value);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/health/liveliness", "/health/liveness", "/health/readiness"})
  void probesNeedNoKey(String path) throws Exception {
    assertThat(gateway.get(path).statusCode()).isEqualTo(200);
  }

  @org.junit.jupiter.api.Test
  void oversizedBodiesGet413BeforeTheyAreRead() throws Exception {
    String prompt = "x".repeat(2000);
    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"dall-e-3\",\"prompt\":\"" + prompt + "\"}", "Authorization", "Bearer sk-master-1234");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(Fixtures.tree(response.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
  }

  @org.junit.jupiter.api.Test
  void unknownRoutesAndMethodsAreOpenAiErrors() throws Exception {
    HttpResponse<String> missing = gateway.get("/v1/chat/completions");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(TestGateway.json(missing).path("error").path("code").asText()).isEqualTo("not_found");

    HttpResponse<String> method = gateway.get("/v1/images/generations");
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(TestGateway.json(method).path("error").path("message").asText())
        .isEqualTo("GET is not allowed on /v1/images/generations");
  }
}
