package dev.imagegate.provider.openrouter;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenRouter against a local server speaking its chat completions protocol, with its whole error table. */
class OpenRouterContractTest {
  private static final String MODEL = "openrouter/google/gemini-2.5-flash-image";
  private static final String KEY = "sk-or-test";

  private MockWebServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private String base() {
    return server.url("/api/v1").toString();
  }

  private ImageGate gate() {
    return ImageGate.builder().env(Env.of(Map.of("OPENROUTER_API_KEY", KEY, "OPENROUTER_API_BASE", base())))
        .build();
  }

  private static ImageRequest.Builder request() {
    return ImageRequest.builder("A cute baby sea otter").model(MODEL);
  }

  private void enqueueImage() {
    server.enqueue(json(200, Fixtures.text("providers/openrouter/response.json")));
  }

  private static JsonNode body(RecordedRequest recorded) {
    return Fixtures.tree(recorded.getBody().toByteArray());
  }

  @Test
  void postsAChatCompletionAskingForImageOutput() throws Exception {
    enqueueImage();

    ImageResponse response = gate().generate(request().size("1792x1024").extra("seed", 7)
        .extra("site_url", "https://example.com").extra("app_name", "imagegate-test").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo("/api/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("imagegate/");
    assertThat(recorded.getHeaders().get("HTTP-Referer")).isEqualTo("https://example.com");
    assertThat(recorded.getHeaders().get("X-Title")).isEqualTo("imagegate-test");
    JsonNode body = body(recorded);
    assertThat(body.path("model").asText()).isEqualTo("google/gemini-2.5-flash-image");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("A cute baby sea otter");
    assertThat(body.path("modalities").toString()).isEqualTo("[\"image\",\"text\"]");
    assertThat(body.path("image_config").path("aspect_ratio").asText()).isEqualTo("16:9");
    assertThat(body.path("usage").path("include").asBoolean()).isTrue();
    assertThat(body.path("seed").asInt()).isEqualTo(7);
    assertThat(body.has("site_url")).isFalse();
    assertThat(body.has("app_name")).isFalse();
    assertThat(body.has("n")).isFalse();
    assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(response.created()).isEqualTo(1730000000L);
    assertThat(response.provider()).isEqualTo("openrouter");
  }

  @Test
  void reportedCostWinsAndFractionalTokensAreRounded() {
    enqueueImage();

    ImageResponse response = gate().generate(request().build());

    assertThat(response.cost()).isEqualTo(Cost.reported(new BigDecimal("0.0387")));
    assertThat(response.usage().outputTokens()).isEqualTo(1291);
  }

  @Test
  void nImagesAreParallelCallsWhoseReportedCostsAreSummed() throws Exception {
    for (int i = 0; i < 3; i++) {
      enqueueImage();
    }

    ImageResponse response = gate().generate(request().n(3).build());

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(response.data()).hasSize(3);
    assertThat(response.cost()).isEqualTo(Cost.reported(new BigDecimal("0.1161")));
    assertThat(response.usage().outputTokens()).isEqualTo(3 * 1291);
    for (int i = 0; i < 3; i++) {
      assertThat(body(server.takeRequest()).has("n")).isFalse();
    }
  }

  @Test
  void oneFailedCallOfAFanOutFailsTheWhole() {
    enqueueImage();
    server.enqueue(json(500, "{\"error\":{\"code\":500,\"message\":\"Internal Server Error\"}}"));

    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class,
        () -> gate().generate(request().n(2).build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("Internal Server Error");
  }

  @Test
  void withoutUsageCostTheCallIsExplicitlyUnpriced() {
    server.enqueue(json(200, "{\"created\":1,\"choices\":[{\"message\":{\"images\":[{\"image_url\":{\"url\":"
        + "\"data:image/png;base64," + MockServers.PNG_1X1 + "\"}}]}}]}"));

    ImageResponse response = gate().generate(request().build());

    assertThat(response.cost().priced()).isFalse();
    assertThat(response.cost().usd()).isEmpty();
  }

  @Test
  void urlImagesStayUrlsAndAreDownloadedWhenBase64IsWanted() throws Exception {
    String imageUrl = server.url("/files/1.png").toString();
    String answer = "{\"created\":1,\"choices\":[{\"message\":{\"images\":[{\"image_url\":{\"url\":\"" + imageUrl
        + "\"}}]}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"cost\":0.01}}";
    server.enqueue(json(200, answer));
    server.enqueue(json(200, answer));
    server.enqueue(new MockResponse.Builder().code(200)
        .body(new Buffer().write(Base64.getDecoder().decode(MockServers.PNG_1X1))).build());

    ImageResponse asUrl = gate().generate(request().build());
    ImageResponse asBase64 = gate().generate(request().responseFormat("b64_json").build());

    assertThat(asUrl.data().get(0).url()).isEqualTo(imageUrl);
    assertThat(asBase64.data().get(0).b64Json()).isEqualTo(MockServers.PNG_1X1);
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/files/1.png");
  }

  @Test
  void requestKeyAndBaseWinOverTheEnvironment() throws Exception {
    enqueueImage();

    gate().generate(request().apiKey("sk-or-request").apiBase(server.url("/other/v1/").toString()).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/other/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-or-request");
  }

  @Test
  void missingKeyNamesTheEnvVar() {
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("OPENROUTER_API_BASE", base()))).build();

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate.generate(request().build()));

    assertThat(e.getMessage()).contains("OPENROUTER_API_KEY").contains("apiKey");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void portableParametersOpenRouterCannotTakeAreRejectedBeforeSending() {
    BadRequest quality = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().quality("hd")
        .build()));
    BadRequest style = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().style("vivid")
        .build()));
    BadRequest n = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().n(11).build()));

    assertThat(quality.param()).isEqualTo("quality");
    assertThat(quality.getMessage()).contains("does not take it");
    assertThat(style.param()).isEqualTo("style");
    assertThat(n.param()).isEqualTo("n");
    assertThat(n.getMessage()).contains("1..10");
    assertThat(server.getRequestCount()).isZero();
  }

  // --- the error table ---

  private <T extends ImageGateException> T fail(Class<T> type) {
    T e = catchThrowableOfType(type, () -> gate().generate(request().build()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  private void enqueueError(int status, String message, String metadata) {
    server.enqueue(json(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\""
        + (metadata == null ? "" : ",\"metadata\":" + metadata) + "}}"));
  }

  @Test
  void badRequest() {
    enqueueError(400, "google/gemini-x is not a valid model ID", null);

    BadRequest e = fail(BadRequest.class);

    assertThat(e.getMessage()).contains("not a valid model ID");
    assertThat(e.upstreamStatus()).contains(400);
  }

  @Test
  void unauthorized() {
    enqueueError(401, "No auth credentials found", null);

    assertThat(fail(Authentication.class).getMessage()).contains("No auth credentials found");
  }

  @Test
  void insufficientCreditsIsPermissionDenied() {
    enqueueError(402, "Insufficient credits. Add more using https://openrouter.ai/credits", null);

    PermissionDenied e = fail(PermissionDenied.class);

    assertThat(e.getMessage()).contains("Insufficient credits");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void moderationIsContentPolicyViolationWithItsReasons() {
    enqueueError(403, "Input was flagged by moderation",
        "{\"reasons\":[\"violence\",\"harassment\"],\"flagged_input\":\"...\",\"provider_name\":\"OpenAI\"}");

    ContentPolicyViolation e = fail(ContentPolicyViolation.class);

    assertThat(e.getMessage()).contains("flagged by moderation").contains("reasons: violence, harassment");
  }

  @Test
  void forbiddenWithoutModerationMetadataIsPermissionDenied() {
    enqueueError(403, "Key disabled", null);

    assertThat(fail(PermissionDenied.class).getMessage()).contains("Key disabled");
  }

  @Test
  void notFound() {
    enqueueError(404, "No endpoints found for google/nope", null);

    assertThat(fail(NotFound.class).getMessage()).contains("No endpoints found");
  }

  @Test
  void upstreamTimeoutIs408() {
    enqueueError(408, "Request timed out", null);

    assertThat(fail(Timeout.class).status()).isEqualTo(408);
  }

  @Test
  void rateLimitedCarriesRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .body("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}").build());

    RateLimited e = fail(RateLimited.class);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void serverErrorIsUpstreamUnavailable() {
    enqueueError(500, "Internal Server Error", null);

    assertThat(fail(UpstreamUnavailable.class).status()).isEqualTo(502);
  }

  @Test
  void upstreamModelErrorKeepsProviderAndRawMessage() {
    enqueueError(502, "Provider returned error",
        "{\"provider_name\":\"Google\",\"raw\":\"{\\\"error\\\":\\\"model overloaded\\\"}\"}");

    UpstreamUnavailable e = fail(UpstreamUnavailable.class);

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).contains("Provider returned error").contains("provider: Google")
        .contains("model overloaded");
  }

  @Test
  void noProviderAvailableIs503() {
    enqueueError(503, "No available model provider that meets your routing requirements", null);

    assertThat(fail(UpstreamUnavailable.class).status()).isEqualTo(503);
  }

  @Test
  void slowServerTimesOut() {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body("{}").build());

    Timeout e = catchThrowableOfType(Timeout.class,
        () -> gate().generate(request().timeout(Duration.ofMillis(300)).build()));

    assertThat(e).isNotNull();
  }

  @Test
  void refusedConnectionIsUpstreamUnavailable() {
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("OPENROUTER_API_KEY", KEY, "OPENROUTER_API_BASE",
        MockServers.closedPortUrl("/api/v1")))).build();

    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class, () -> gate.generate(request().build()));

    assertThat(e.getMessage()).contains("Could not connect");
  }

  @Test
  void nonJsonBodyIsUpstreamProtocol() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>Bad gateway</html>").build());

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not valid JSON").contains("<html>");
  }

  @Test
  void truncatedBodyIsUpstreamProtocol() {
    server.enqueue(json(200, "{\"choices\":[{\"message\":{\"images\":[{\"image_url\":{\"url\":\"data:image/png;b"));

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not valid JSON");
  }

  @Test
  void answerWithoutImagesIsUpstreamProtocolQuotingTheModel() {
    server.enqueue(json(200, "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"I am a text-only model.\"}}]}"));

    UpstreamProtocol e = fail(UpstreamProtocol.class);

    assertThat(e.getMessage()).contains("choices[].message.images").contains("I am a text-only model.");
  }

  @Test
  void emptyChoicesIsUpstreamProtocol() {
    server.enqueue(json(200, "{\"id\":\"gen-1\",\"choices\":[]}"));

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("without images");
  }

  @Test
  void contentFilterFinishWithoutImagesIsContentPolicyViolation() {
    server.enqueue(json(200, "{\"choices\":[{\"finish_reason\":\"content_filter\",\"native_finish_reason\":"
        + "\"IMAGE_SAFETY\",\"message\":{\"role\":\"assistant\",\"content\":null}}]}"));

    ContentPolicyViolation e = fail(ContentPolicyViolation.class);

    assertThat(e.getMessage()).contains("content_filter");
  }

  @Test
  void refusalWithoutImagesIsContentPolicyViolation() {
    server.enqueue(json(200, "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"refusal\":\"I can't help with that.\"}}]}"));

    assertThat(fail(ContentPolicyViolation.class).getMessage()).contains("I can't help with that.");
  }

  @Test
  void errorInsideA200IsMappedByItsCode() {
    server.enqueue(json(200, "{\"error\":{\"code\":502,\"message\":\"Provider disconnected\"}}"));

    UpstreamUnavailable e = fail(UpstreamUnavailable.class);

    assertThat(e.getMessage()).contains("Provider disconnected");
  }

  @Test
  void choiceErrorWithoutImagesIsMappedByItsCode() {
    server.enqueue(json(200, "{\"choices\":[{\"finish_reason\":\"error\",\"message\":{\"content\":\"\"},"
        + "\"error\":{\"code\":429,\"message\":\"Upstream rate limited\"}}]}"));

    assertThat(fail(RateLimited.class).getMessage()).contains("Upstream rate limited");
  }

  @Test
  void malformedImageEntryIsUpstreamProtocol() {
    server.enqueue(json(200, "{\"choices\":[{\"message\":{\"images\":[{\"type\":\"image_url\"}]}}]}"));

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("image_url.url");
  }
}
