package dev.imagegate.provider.gemini;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.TransportFailureContract;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Google's error table, the same behind both front doors: every failure becomes its typed exception. */
public abstract class GoogleErrorTable extends GoogleMockServer implements TransportFailureContract {
  @Override
  public MockWebServer transportServer() {
    return server;
  }

  @Override
  public void generateThroughServer(Duration timeout) {
    gate().generate(request(IMAGEN).timeout(timeout).build());
  }

  @Override
  public void generateAtClosedPort() {
    gate().generate(request(IMAGEN, MockServers.closedPortUrl(java.net.URI.create(base()).getPath())).build());
  }

  @Override
  public String truncatedAnswer() {
    return "{\"predictions\":[{\"bytesBase64Encoded\":\"iVBORw0KGgo";
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
  void errorBodyThatIsNotJsonKeepsTheText() {
    server.enqueue(new MockResponse.Builder().code(502).body("upstream connect error").build());

    assertThat(fail(UpstreamUnavailable.class).getMessage()).contains("upstream connect error");
  }
}
