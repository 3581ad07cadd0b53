package dev.imagegate.provider.openrouter;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageGate;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.TransportFailureContract;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** OpenRouter's error table against a local server: every status, transport failures, answers without images. */
class OpenRouterErrorTableTest extends OpenRouterMockServerTest implements TransportFailureContract {
  @Override
  public MockWebServer transportServer() {
    return server;
  }

  @Override
  public void generateThroughServer(Duration timeout) {
    gate().generate(request().timeout(timeout).build());
  }

  @Override
  public void generateAtClosedPort() {
    ImageGate.builder().env(Env.of(Map.of("OPENROUTER_API_KEY", KEY, "OPENROUTER_API_BASE",
        MockServers.closedPortUrl("/api/v1")))).build().generate(request().build());
  }

  @Override
  public String truncatedAnswer() {
    return "{\"choices\":[{\"message\":{\"images\":[{\"image_url\":{\"url\":\"data:image/png;b";
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
