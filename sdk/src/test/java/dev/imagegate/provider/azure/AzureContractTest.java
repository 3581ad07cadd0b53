package dev.imagegate.provider.azure;

import static dev.imagegate.testing.Fixtures.assertJsonMatches;
import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.openai.OpenAiShapedContract;
import dev.imagegate.testing.Fixtures;
import java.math.BigDecimal;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureContractTest extends OpenAiShapedContract {
  private static final String DEFAULT_QUERY = "?api-version=" + AzureMapping.DEFAULT_API_VERSION;

  @Override
  protected String model() {
    return "azure/my-deploy";
  }

  @Override
  protected String wireModel() {
    return null;
  }

  @Override
  protected String expectedPath() {
    return "/openai/deployments/my-deploy/images/generations" + DEFAULT_QUERY;
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("AZURE_API_KEY", "sk-test", "AZURE_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/").toString();
  }

  @Override
  protected String authHeader() {
    return "api-key";
  }

  @Override
  protected String expectedAuthorization() {
    return "sk-test";
  }

  private JsonNode body(RecordedRequest recorded) {
    return Fixtures.tree(recorded.getBody().toByteArray());
  }

  @Test
  void seedConfigGptImage1WorksWithOnlyBaseAndKey() throws Exception {
    server.enqueue(json(200, Fixtures.text("providers/azure/gpt-image-1-response.json")));
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of())).build();

    ImageResponse response = gate.generate(request().model("azure/gpt-image-1").apiBase(base()).apiKey("sk-eu")
        .prompt("a transparent sticker of a red fox").n(2).size("1024x1536").quality("high")
        .responseFormat("b64_json").extra("background", "transparent").extra("output_format", "png").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/openai/deployments/gpt-image-1/images/generations"
        + DEFAULT_QUERY);
    assertThat(recorded.getHeaders().get("api-key")).isEqualTo("sk-eu");
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
    assertJsonMatches(body(recorded), "providers/azure/gpt-image-1-request.json");
    assertThat(response.data()).hasSize(2);
    assertThat(response.cost()).isEqualTo(Cost.table(new BigDecimal("0.16665")));
  }

  @Test
  void settingsAreNeverForwardedAndTheAdTokenSettingIsABearerToken() throws Exception {
    enqueueSuccess();

    gate().generate(request().extra("base_model", "dall-e-3").extra("azure_ad_token", "eyJ-token")
        .extra("api_version", "2024-10-21").extra("seed", 7).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer eyJ-token");
    assertThat(recorded.getHeaders().get("api-key")).isNull();
    assertThat(recorded.getTarget()).endsWith("?api-version=2024-10-21");
    JsonNode body = body(recorded);
    assertThat(body.has("base_model")).isFalse();
    assertThat(body.has("azure_ad_token")).isFalse();
    assertThat(body.has("api_version")).isFalse();
    assertThat(body.path("seed").asInt()).isEqualTo(7);
  }

  @Test
  void adTokenFromTheEnvironment() throws Exception {
    enqueueSuccess();
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("AZURE_AD_TOKEN", "eyJ-env", "AZURE_API_BASE",
        base()))).build();

    gate.generate(request().build());

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer eyJ-env");
  }

  @Test
  void azureOpenAiKeyAndEndpointSpellingsAreReadToo() throws Exception {
    enqueueSuccess();
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("AZURE_OPENAI_API_KEY", "sk-alt",
        "AZURE_OPENAI_ENDPOINT", base()))).build();

    gate.generate(request().build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("api-key")).isEqualTo("sk-alt");
    assertThat(recorded.getTarget()).isEqualTo(expectedPath());
  }

  @Test
  void apiVersionFromRequestThenSettingThenEnvironment() throws Exception {
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("AZURE_API_KEY", "sk-test", "AZURE_API_BASE", base(),
        "AZURE_API_VERSION", "2024-10-21"))).build();
    for (int i = 0; i < 3; i++) {
      enqueueSuccess();
    }

    gate.generate(request().build());
    gate.generate(request().extra("api_version", "2024-06-01").build());
    gate.generate(request().apiVersion("2024-02-01").extra("api_version", "2024-06-01").build());

    assertThat(server.takeRequest().getTarget()).endsWith("?api-version=2024-10-21");
    assertThat(server.takeRequest().getTarget()).endsWith("?api-version=2024-06-01");
    assertThat(server.takeRequest().getTarget()).endsWith("?api-version=2024-02-01");
  }

  @Test
  void baseThatNamesTheDeploymentIsUsedAsGiven() throws Exception {
    enqueueSuccess();

    gate().generate(request().model("azure/gpt-image-1").apiBase(server.url("/openai/deployments/eu-images/")
        .toString()).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/openai/deployments/eu-images/images/generations" + DEFAULT_QUERY);
    assertThat(body(recorded).has("model")).isFalse();
  }

  @Test
  void v1RouteByVersionPutsTheDeploymentInTheBody() throws Exception {
    enqueueSuccess();

    gate().generate(request().apiVersion("v1").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/openai/v1/images/generations");
    assertThat(body(recorded).path("model").asText()).isEqualTo("my-deploy");
  }

  @Test
  void gptImage2OnTheV1PreviewRouteIsPricedAndCheckedAsAzuresGptImage2() throws Exception {
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + dev.imagegate.testing.MockServers.PNG_1X1
        + "\",\"content_filter_results\":{\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}}],"
        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1000,\"total_tokens\":1010}}"));

    ImageResponse response = gate().generate(request().apiVersion("preview").extra("base_model", "gpt-image-2")
        .size("2048x1152").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/openai/v1/images/generations?api-version=preview");
    assertThat(body(recorded).path("model").asText()).isEqualTo("my-deploy");
    assertThat(body(recorded).has("response_format")).isFalse();
    assertThat(response.cost().usd()).contains(new java.math.BigDecimal("0.03005"));
    assertThat(response.contentFilter().images()).singleElement().satisfies(image -> assertThat(image.content())
        .containsEntry("violence", new dev.imagegate.ContentFilter.Verdict(false, "safe", null)));
    assertThat(response.openAiFields()).doesNotContainKey("content_filter_results");
    BadRequest webp = catchThrowableOfType(BadRequest.class, () -> gate().generate(request()
        .extra("base_model", "gpt-image-2").extra("output_format", "webp").build()));
    assertThat(webp.param()).isEqualTo("output_format");
  }

  @Test
  void v1RouteByBase() throws Exception {
    enqueueSuccess();

    gate().generate(request().apiBase(server.url("/openai/v1").toString()).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/openai/v1/images/generations");
    assertThat(body(recorded).path("model").asText()).isEqualTo("my-deploy");
  }

  @Test
  void asyncEraVersionIsRejectedBeforeSending() {
    BadRequest e = catchThrowableOfType(BadRequest.class,
        () -> gate().generate(request().apiVersion("2023-06-01-preview").build()));

    assertThat(e.param()).isEqualTo("api_version");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void missingEndpointNamesTheEnvVarAndTheParameter() {
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("AZURE_API_KEY", "sk-test"))).build();

    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate.generate(request().build()));

    assertThat(e.param()).isEqualTo("api_base");
    assertThat(e.getMessage()).contains("AZURE_API_BASE").contains("apiBase");
  }

  @Test
  void missingCredentialsNameEveryWayToGiveThem() {
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("AZURE_API_BASE", base()))).build();

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate.generate(request().build()));

    assertThat(e.getMessage()).contains("AZURE_API_KEY").contains("AZURE_AD_TOKEN").contains("azure_ad_token");
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"content-policy-violation-error.json", "content-filter-legacy-error.json",
      "content-filter-innererror.json", "responsible-ai-innererror.json"})
  void azureContentFilterErrorsAreContentPolicyViolations(String fixture) {
    String body = Fixtures.text("providers/azure/" + fixture);
    server.enqueue(json(400, body));

    ContentPolicyViolation e = fail(ContentPolicyViolation.class);

    assertThat(e.code()).isEqualTo("content_policy_violation");
    assertThat(e.getMessage()).contains(Fixtures.tree(body).path("error").path("message").asText());
    assertThat(e.upstreamStatus()).contains(400);
  }

  @Test
  void deploymentNotFoundSaysWhatWasCalled() {
    server.enqueue(new MockResponse.Builder().code(404).addHeader("apim-request-id", "req-123")
        .body(Fixtures.text("providers/azure/deployment-not-found-error.json")).build());

    NotFound e = fail(NotFound.class);

    assertThat(e.getMessage()).contains("API deployment for this resource does not exist")
        .contains("/openai/deployments/my-deploy/images/generations" + DEFAULT_QUERY)
        .contains("check the deployment name");
    assertThat(e.requestId()).contains("req-123");
  }
}
