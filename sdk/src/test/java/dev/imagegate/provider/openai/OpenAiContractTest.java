package dev.imagegate.provider.openai;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageResponse;
import dev.imagegate.ResponseFormat;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.Catalogs;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.math.BigDecimal;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiContractTest extends OpenAiShapedContract {
  @Override
  protected String model() {
    return "dall-e-2";
  }

  @Override
  protected String wireModel() {
    return "dall-e-2";
  }

  @Override
  protected String expectedPath() {
    return "/v1/images/generations";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/v1").toString();
  }

  @Test
  void gptImage2IsSentAsTheGoldenRequestAndPricedPerMeter() throws Exception {
    server.enqueue(json(200, Fixtures.text("providers/openai/gpt-image-2-response.json")));

    ImageResponse response = gate().generate(request().model("gpt-image-2-2026-04-21").n(2).size("2048x1152")
        .quality("high").responseFormat(ResponseFormat.B64_JSON).extra("output_format", "jpeg").build());

    JsonNode body = Fixtures.tree(server.takeRequest().getBody().toByteArray());
    assertThat(body.path("model").asText()).isEqualTo("gpt-image-2-2026-04-21");
    assertThat(body.path("size").asText()).isEqualTo("2048x1152");
    assertThat(body.has("response_format")).isFalse();
    // 32 text in at $5/M, 32 cached text in at $1.25/M, 11,300 image out at $30/M, 36 text out at $10/M
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.33956"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2050x1152", "4096x1024", "512x512"})
  void gptImage2SizesOutsideItsRuleAreRefusedBeforeSending(String size) {
    dev.imagegate.error.BadRequest e = catchThrowableOfType(dev.imagegate.error.BadRequest.class,
        () -> gate().generate(request().model("gpt-image-2").size(size).build()));

    assertThat(e.param()).isEqualTo("size");
    assertThat(e.getMessage()).contains("multiples of 16");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void inputFidelityOnGptImage1MiniIsRefusedBeforeSending() {
    dev.imagegate.error.BadRequest e = catchThrowableOfType(dev.imagegate.error.BadRequest.class,
        () -> gate().generate(request().model("gpt-image-1-mini").extra("input_fidelity", "high").build()));

    assertThat(e.param()).isEqualTo("input_fidelity");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void gptImageCostComesFromTokenUsage() throws Exception {
    server.enqueue(json(200, Fixtures.text("providers/openai/gpt-image-1-response.json")));

    ImageResponse response = gate().generate(request().model("gpt-image-1").n(2).quality("high")
        .responseFormat(ResponseFormat.B64_JSON).build());

    JsonNode body = Fixtures.tree(server.takeRequest().getBody().toByteArray());
    assertThat(body.has("response_format")).isFalse();
    assertThat(response.cost()).isEqualTo(Cost.table(new BigDecimal("0.16646")));
    assertThat(response.provider()).isEqualTo("openai");
    assertThat(response.model()).isEqualTo("gpt-image-1");
  }

  @Test
  void dallE3HdWidePricedFromTheRequest() throws Exception {
    server.enqueue(json(200, Fixtures.text("providers/openai/dall-e-3-response.json")));

    ImageResponse response = gate().generate(request().model("dall-e-3").quality("hd").size("1792x1024").build());

    assertThat(response.cost().usd()).contains(new BigDecimal("0.12"));
    assertThat(response.data().get(0).url()).startsWith("https://");
  }

  @Test
  void urlIsDownloadedWhenTheCallerWantsBase64() throws Exception {
    String imageUrl = server.url("/files/img.png").toString();
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"url\":\"" + imageUrl + "\"}]}"));
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
        .body(new okio.Buffer().write(java.util.Base64.getDecoder().decode(MockServers.PNG_1X1))).build());

    ImageResponse response = gate().generate(request().responseFormat(ResponseFormat.B64_JSON).build());

    RecordedRequest generation = server.takeRequest();
    assertThat(Fixtures.tree(generation.getBody().toByteArray()).path("response_format").asText())
        .isEqualTo("b64_json");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/files/img.png");
    assertThat(response.data().get(0).b64Json()).isEqualTo(MockServers.PNG_1X1);
  }

  @Test
  void base64BecomesADataUrlWhenTheCallerWantsUrlFromGptImage() {
    server.enqueue(json(200, Fixtures.text("providers/openai/gpt-image-1-response.json")));

    ImageResponse response = gate().generate(request().model("gpt-image-1").responseFormat("url").build());

    assertThat(response.data().get(0).url()).startsWith("data:image/png;base64," + MockServers.PNG_1X1);
    assertThat(response.data().get(0).bytes()).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void organizationAndProjectAreHeadersNotBodyFields() throws Exception {
    enqueueSuccess();

    gate().generate(request().extra("organization", "org-1").extra("project", "proj-1").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("OpenAI-Organization")).isEqualTo("org-1");
    assertThat(recorded.getHeaders().get("OpenAI-Project")).isEqualTo("proj-1");
    JsonNode body = Fixtures.tree(recorded.getBody().toByteArray());
    assertThat(body.has("organization")).isFalse();
    assertThat(body.has("project")).isFalse();
  }

  @Test
  void requestApiKeyAndBaseWinOverTheEnvironment() throws Exception {
    enqueueSuccess();
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of("OPENAI_API_KEY", "sk-env"))).build();

    gate.generate(request().apiKey("sk-request").apiBase(server.url("/custom/v1").toString()).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/custom/v1/images/generations");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-request");
  }

  @Test
  void openAiBaseUrlIsReadToo() throws Exception {
    enqueueSuccess();
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of("OPENAI_API_KEY", "sk-test",
        "OPENAI_BASE_URL", server.url("/v1/").toString()))).build();

    gate.generate(request().build());

    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/images/generations");
  }

  @Test
  void missingKeyNamesTheEnvVarAndTheParameter() {
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(Map.of())).build();

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate.generate(request().build()));

    assertThat(e.getMessage()).contains("OPENAI_API_KEY").contains("apiKey");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void compatibleServerAtAnotherBaseNeedsNoKeyAndGetsPermissiveCapabilities() throws Exception {
    enqueueSuccess();
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(Map.of())).build();

    gate.generate(request().model("openai/flux-dev").apiBase(server.url("/v1").toString()).n(4).size("768x768")
        .style("anime").responseFormat("b64_json").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
    JsonNode body = Fixtures.tree(recorded.getBody().toByteArray());
    assertThat(body.path("model").asText()).isEqualTo("flux-dev");
    assertThat(body.path("size").asText()).isEqualTo("768x768");
    assertThat(body.path("style").asText()).isEqualTo("anime");
    assertThat(body.path("response_format").asText()).isEqualTo("b64_json");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"input_tokens\":-5,\"output_tokens\":10}",
      "{\"input_tokens\":5,\"output_tokens\":-99999999999}",
      "{\"input_tokens\":1000000000000000000000000000000,\"output_tokens\":1}",
      "{\"input_tokens\":5,\"output_tokens\":5,\"input_tokens_details\":{\"text_tokens\":-1,\"image_tokens\":6}}",
      "{\"input_tokens\":5,\"output_tokens\":2000000000}",
      "{\"input_tokens\":5,\"output_tokens\":5,\"output_tokens_details\":{\"image_tokens\":-3,\"text_tokens\":8}}"})
  void aUsageThatCannotBeRealIsAProtocolErrorNotACharge(String usage) {
    UpstreamProtocol failure = compatibleServerAnswering(
        "{\"created\":1,\"data\":[{\"b64_json\":\"iVBORw0KGgo=\"}],\"usage\":" + usage + "}", "b64_json");

    assertThat(failure).hasMessageContaining("usage it cannot have").hasMessageContaining("token counts must be from 0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!!notbase64", "aGVsbG8gd29ybGQgdGV4dA==", "PGh0bWw+PC9odG1sPg=="})
  void inlineDataThatIsNotAnImageIsAProtocolErrorNotAnImage(String base64) {
    UpstreamProtocol failure = compatibleServerAnswering(
        "{\"created\":1,\"data\":[{\"b64_json\":\"" + base64 + "\"}]}", "b64_json");

    assertThat(failure).hasMessageContaining("image data that is not a PNG, JPEG, WebP, GIF or SVG image");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "javascript:alert(1)", "gopher://127.0.0.1:6379/_FLUSHALL"})
  void anImageUrlThatIsNotHttpIsNeverRelayed(String url) {
    UpstreamProtocol failure = compatibleServerAnswering("{\"created\":1,\"data\":[{\"url\":\"" + url + "\"}]}",
        "url");

    assertThat(failure).hasMessageContaining("image URL that is not an https URL").hasMessageNotContaining("passwd");
  }

  /** The failure of a call to an OpenAI-compatible server that answers {@code answer}. */
  private UpstreamProtocol compatibleServerAnswering(String answer, String responseFormat) {
    server.enqueue(json(200, answer));
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of())).build();
    return catchThrowableOfType(UpstreamProtocol.class, () -> gate.generate(request().model("openai/flux-dev")
        .apiBase(server.url("/v1").toString()).responseFormat(responseFormat).build()));
  }

  @Test
  void onlyHttpImageUrlsAreDownloaded() {
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"url\":\"file:///etc/passwd\"}]}"));

    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class,
        () -> gate().generate(request().responseFormat(ResponseFormat.B64_JSON).build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("not an https URL (file:)").doesNotContain("passwd");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void unknownHostSaysSo() {
    ImageGate gate = gateWith(env("http://no-such-host.invalid/v1"));

    dev.imagegate.error.UpstreamUnavailable e = catchThrowableOfType(dev.imagegate.error.UpstreamUnavailable.class,
        () -> gate.generate(request().build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("unknown host no-such-host.invalid");
  }
}
