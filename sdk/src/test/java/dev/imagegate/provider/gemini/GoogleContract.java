package dev.imagegate.provider.gemini;

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
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract both Google front doors meet against a local server speaking Google's protocol: Imagen
 * {@code :predict} and Gemini {@code :generateContent} on the wire, the cost of what came back, and the whole error
 * table. Subclasses say where the endpoint is and how calls authenticate.
 */
public abstract class GoogleContract {
  protected static final String IMAGEN = "imagen-4.0-generate-001";
  protected static final String FLASH = "gemini-2.5-flash-image";

  protected MockWebServer server;

  /** The provider prefix: {@code gemini} or {@code vertex_ai}. */
  protected abstract String provider();

  /** The path the provider must POST to for {@code model} and {@code method} under {@link #base()}. */
  protected abstract String expectedPath(String model, String method);

  /** The base to point the provider at, e.g. {@code server.url("/v1beta")}. */
  protected abstract String base();

  /** A client configured for this provider (credentials in its env). */
  protected abstract ImageGate gate();

  /** A request for {@code model} sent to {@code base}. */
  protected abstract ImageRequest.Builder request(String model, String base);

  /** Asserts the request carries this provider's auth. */
  protected abstract void assertAuthenticated(RecordedRequest recorded);

  /** Strings that must never appear in error messages or request bodies (keys, tokens, settings). */
  protected abstract List<String> secrets();

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  protected ImageRequest.Builder request(String model) {
    return request(model, base());
  }

  protected void enqueueImagen() {
    server.enqueue(json(200, Fixtures.text("providers/gemini/imagen-response.json")));
  }

  protected void enqueueGeminiImage() {
    server.enqueue(json(200, Fixtures.text("providers/gemini/gemini-image-response.json")));
  }

  protected JsonNode body(RecordedRequest recorded) {
    String text = recorded.getBody().utf8();
    secrets().forEach(secret -> assertThat(text).doesNotContain(secret));
    return Fixtures.tree(text);
  }

  @Test
  void imagenPostsPredictWithSampleCountRatioAndExtrasInParameters() throws Exception {
    enqueueImagen();

    ImageResponse response = gate().generate(request(IMAGEN).n(2).size("1792x1024")
        .extra("personGeneration", "allow_adult").extra("seed", 42).extra("addWatermark", false).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo(expectedPath(IMAGEN, "predict"));
    assertAuthenticated(recorded);
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = body(recorded);
    assertThat(body.path("instances").get(0).path("prompt").asText()).isEqualTo("a red bicycle");
    JsonNode parameters = body.path("parameters");
    assertThat(parameters.path("sampleCount").asInt()).isEqualTo(2);
    assertThat(parameters.path("aspectRatio").asText()).isEqualTo("16:9");
    assertThat(parameters.path("personGeneration").asText()).isEqualTo("allow_adult");
    assertThat(parameters.path("seed").asInt()).isEqualTo(42);
    assertThat(parameters.path("addWatermark").asBoolean(true)).isFalse();
    assertThat(response.data()).hasSize(2);
    assertThat(response.bytes(0)).startsWith(0x89, 'P', 'N', 'G');
    assertThat(response.data().get(0).revisedPrompt()).startsWith("An oil painting");
    assertThat(response.provider()).isEqualTo(provider());
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.08"));
  }

  @Test
  void imagen4CostsExactlyFourCentsPerImage() {
    server.enqueue(json(200, "{\"predictions\":[{\"bytesBase64Encoded\":\"" + MockServers.PNG_1X1
        + "\",\"mimeType\":\"image/png\"}]}"));

    ImageResponse response = gate().generate(request(IMAGEN).build());

    assertThat(response.cost().source()).isEqualTo(Cost.Source.TABLE);
    assertThat(response.cost().usd()).contains(new java.math.BigDecimal("0.04"));
  }

  @Test
  void geminiImageModelsServeNWithParallelCallsAndSumTheirUsage() throws Exception {
    enqueueGeminiImage();
    enqueueGeminiImage();

    ImageResponse response = gate().generate(request(FLASH).n(2).size("1536x1024").build());

    assertThat(server.getRequestCount()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      RecordedRequest recorded = server.takeRequest();
      assertThat(recorded.getTarget()).isEqualTo(expectedPath(FLASH, "generateContent"));
      assertAuthenticated(recorded);
      JsonNode body = body(recorded);
      assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText()).isEqualTo("a red bicycle");
      assertThat(body.path("generationConfig").path("responseModalities").toString())
          .isEqualTo("[\"TEXT\",\"IMAGE\"]");
      assertThat(body.path("generationConfig").path("imageConfig").path("aspectRatio").asText()).isEqualTo("3:2");
    }
    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(1).revisedPrompt()).isEqualTo("Here is your lighthouse at dawn.");
    assertThat(response.usage().inputTokens()).isEqualTo(18);
    assertThat(response.usage().outputTokens()).isEqualTo(2596);
    assertThat(response.usage().totalTokens()).isEqualTo(2614);
    // 18 input tokens at $0.30/M plus 2596 output tokens at $30/M
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.0778854"));
  }

  @Test
  void urlResponseFormatIsServedFromTheBase64() {
    enqueueGeminiImage();

    ImageResponse response = gate().generate(request(FLASH).responseFormat("url").build());

    assertThat(response.data().get(0).url()).startsWith("data:image/png;base64,");
    assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void partlyFilteredAnswerKeepsTheImagesThatCame() {
    server.enqueue(json(200, Fixtures.text("providers/gemini/imagen-partly-filtered-response.json")));

    ImageResponse response = gate().generate(request(IMAGEN).n(2).build());

    assertThat(response.data()).hasSize(1);
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.04"));
  }

  @Test
  void invalidArgumentIsBadRequestNamingTheField() {
    server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"Invalid value at 'parameters.sample_count'\","
        + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\","
        + "\"fieldViolations\":[{\"field\":\"parameters.sample_count\",\"description\":\"out of range\"}]}]}}"));

    BadRequest e = fail(BadRequest.class);

    assertThat(e.param()).isEqualTo("parameters.sample_count");
    assertThat(e.getMessage()).contains("INVALID_ARGUMENT").contains("Invalid value at 'parameters.sample_count'");
    assertThat(e.upstreamStatus()).contains(400);
  }

  @Test
  void failedPreconditionIsBadRequest() {
    server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"User location is not supported for the API "
        + "use.\",\"status\":\"FAILED_PRECONDITION\"}}"));

    assertThat(fail(BadRequest.class).getMessage()).contains("User location is not supported");
  }

  @Test
  void responsibleAiRefusalIsContentPolicy() {
    server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"Image generation failed with the following "
        + "error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's "
        + "Responsible AI practices. Support codes: 42876398\",\"status\":\"INVALID_ARGUMENT\"}}"));

    ContentPolicyViolation e = fail(ContentPolicyViolation.class);

    assertThat(e.code()).isEqualTo("content_policy_violation");
    assertThat(e.getMessage()).contains("42876398");
  }

  @Test
  void everyImageFilteredIsContentPolicyWithGooglesReason() {
    server.enqueue(json(200, "{\"predictions\":[{\"raiFilteredReason\":\"Unable to show generated images. All "
        + "images were filtered out because they violated Vertex AI's usage guidelines. Support codes: 56562880\"}]}"));

    ContentPolicyViolation e = fail(ContentPolicyViolation.class);

    assertThat(e.getMessage()).contains("56562880");
    assertThat(e.providerMessage()).hasValueSatisfying(m -> assertThat(m).contains("usage guidelines"));
    assertThat(e.upstreamStatus()).contains(200);
  }

  @Test
  void emptyPredictAnswerIsContentPolicyNotAnEmptySuccess() {
    server.enqueue(json(200, "{}"));

    assertThat(fail(ContentPolicyViolation.class).getMessage()).contains("Responsible AI");
  }

  @Test
  void blockedGeminiPromptIsContentPolicy() {
    server.enqueue(json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":"
        + "{\"promptTokenCount\":6,\"totalTokenCount\":6}}"));

    ContentPolicyViolation e = catchThrowableOfType(ContentPolicyViolation.class,
        () -> gate().generate(request(FLASH).build()));

    assertThat(e.getMessage()).contains("prompt blocked (SAFETY)");
  }

  @Test
  void imageSafetyFinishIsContentPolicy() {
    server.enqueue(json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[]},"
        + "\"finishReason\":\"IMAGE_SAFETY\"}]}"));

    ContentPolicyViolation e = catchThrowableOfType(ContentPolicyViolation.class,
        () -> gate().generate(request(FLASH).build()));

    assertThat(e.getMessage()).contains("IMAGE_SAFETY");
  }

  @Test
  void textOnlyGeminiAnswerIsUpstreamProtocol() {
    server.enqueue(json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Sorry, I can't draw.\"}]},"
        + "\"finishReason\":\"STOP\"}]}"));

    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class,
        () -> gate().generate(request(FLASH).build()));

    assertThat(e.getMessage()).contains("without images").contains("Sorry, I can't draw.");
  }

  @Test
  void unauthenticated() {
    server.enqueue(json(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication "
        + "credentials.\",\"status\":\"UNAUTHENTICATED\"}}"));

    assertThat(fail(Authentication.class).getMessage()).contains("invalid authentication credentials");
  }

  @Test
  void permissionDenied() {
    server.enqueue(json(403, "{\"error\":{\"code\":403,\"message\":\"Permission denied on resource project.\","
        + "\"status\":\"PERMISSION_DENIED\"}}"));

    assertThat(fail(PermissionDenied.class).getMessage()).contains("PERMISSION_DENIED");
  }

  @Test
  void notFound() {
    server.enqueue(json(404, "{\"error\":{\"code\":404,\"message\":\"models/imagen-4.0-generate-001 is not "
        + "found for API version v1beta\",\"status\":\"NOT_FOUND\"}}"));

    assertThat(fail(NotFound.class).getMessage()).contains("is not found");
  }

  @Test
  void rateLimitedHonoursRetryAfterHeader() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .body("{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
            + "\"status\":\"RESOURCE_EXHAUSTED\"}}").build());

    RateLimited e = fail(RateLimited.class);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void rateLimitedReadsRetryInfoWhenThereIsNoHeader() {
    server.enqueue(json(429, "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":"
        + "\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
        + "\"retryDelay\":\"12s\"}]}}"));

    assertThat(fail(RateLimited.class).retryAfter()).contains(Duration.ofSeconds(12));
  }

  @Test
  void internalErrorIsUpstreamUnavailable() {
    server.enqueue(json(500, "{\"error\":{\"code\":500,\"message\":\"Internal error encountered.\","
        + "\"status\":\"INTERNAL\"}}"));

    UpstreamUnavailable e = fail(UpstreamUnavailable.class);

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("Internal error encountered.");
  }

  @Test
  void unavailableIs503() {
    server.enqueue(json(503, "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
        + "\"status\":\"UNAVAILABLE\"}}"));

    assertThat(fail(UpstreamUnavailable.class).status()).isEqualTo(503);
  }

  @Test
  void deadlineExceededIsTimeout() {
    server.enqueue(json(504, "{\"error\":{\"code\":504,\"message\":\"Deadline expired before operation could "
        + "complete.\",\"status\":\"DEADLINE_EXCEEDED\"}}"));

    assertThat(fail(Timeout.class).getMessage()).contains("DEADLINE_EXCEEDED");
  }

  @Test
  void slowServerTimesOut() {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body("{}").build());

    Timeout e = catchThrowableOfType(Timeout.class,
        () -> gate().generate(request(IMAGEN).timeout(Duration.ofMillis(300)).build()));

    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(408);
  }

  @Test
  void refusedConnectionIsUpstreamUnavailable() {
    String closed = MockServers.closedPortUrl(java.net.URI.create(base()).getPath());

    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class,
        () -> gate().generate(request(IMAGEN, closed).build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("Could not connect");
  }

  @Test
  void nonJsonBodyIsUpstreamProtocol() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>Bad gateway</html>").build());

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not valid JSON").contains("<html>");
  }

  @Test
  void truncatedBodyIsUpstreamProtocol() {
    server.enqueue(json(200, "{\"predictions\":[{\"bytesBase64Encoded\":\"iVBORw0KGgo"));

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not valid JSON");
  }

  @Test
  void errorBodyThatIsNotJsonKeepsTheText() {
    server.enqueue(new MockResponse.Builder().code(502).body("upstream connect error").build());

    assertThat(fail(UpstreamUnavailable.class).getMessage()).contains("upstream connect error");
  }

  @Test
  void moreThanFourImagenImagesIsRejectedBeforeSending() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request(IMAGEN).n(5).build()));

    assertThat(e.param()).isEqualTo("n");
    assertThat(e.getMessage()).contains("1..4");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unsupportedPortableParametersAreRejectedNamingThem() {
    BadRequest style = catchThrowableOfType(BadRequest.class,
        () -> gate().generate(request(IMAGEN).style("vivid").build()));
    BadRequest quality = catchThrowableOfType(BadRequest.class,
        () -> gate().generate(request(FLASH).quality("hd").build()));
    BadRequest user = catchThrowableOfType(BadRequest.class,
        () -> gate().generate(request(IMAGEN).user("user-1").build()));

    assertThat(style.param()).isEqualTo("style");
    assertThat(quality.param()).isEqualTo("quality");
    assertThat(quality.getMessage()).contains("auto, standard");
    assertThat(user.param()).isEqualTo("user");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unknownModelIsNotFoundNamingBothFamiliesBeforeSending() {
    NotFound e = catchThrowableOfType(NotFound.class,
        () -> gate().generate(request("gemini-2.5-pro").build()));

    assertThat(e.getMessage()).contains("imagen-4.0-*").contains("gemini-*-image*");
    assertThat(server.getRequestCount()).isZero();
  }

  protected <T extends ImageGateException> T fail(Class<T> type) {
    T e = catchThrowableOfType(type, () -> gate().generate(request(IMAGEN).build()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    secrets().forEach(secret -> assertThat(e.getMessage()).doesNotContain(secret));
    return e;
  }
}
