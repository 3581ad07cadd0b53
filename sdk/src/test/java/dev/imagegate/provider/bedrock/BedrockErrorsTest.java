package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import dev.imagegate.testing.MockServers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bedrock's error table and transport failures, on a local Bedrock that verifies every SigV4 signature. */
class BedrockErrorsTest extends BedrockServerTest {
  private static final String MODEL = "bedrock/amazon.nova-canvas-v1:0";

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(400, "ValidationException", "Malformed input request: #: extraneous key [foo] is not permitted",
            BadRequest.class, 400),
        Arguments.of(400, "ValidationException", "This request has been blocked by our content filters.",
            ContentPolicyViolation.class, 400),
        Arguments.of(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.",
            PermissionDenied.class, 403),
        Arguments.of(403, "UnrecognizedClientException", "The security token included in the request is invalid.",
            Authentication.class, 401),
        Arguments.of(403, "InvalidSignatureException", "Signature expired", Authentication.class, 401),
        Arguments.of(404, "ResourceNotFoundException", "Could not resolve the foundation model",
            NotFound.class, 404),
        Arguments.of(408, "ModelTimeoutException", "Model has timed out in processing the request",
            Timeout.class, 408),
        Arguments.of(424, "ModelErrorException", "The model returned an error", UpstreamUnavailable.class, 502),
        Arguments.of(429, "ThrottlingException", "Too many requests, please wait before trying again.",
            RateLimited.class, 429),
        Arguments.of(429, "ServiceQuotaExceededException", "Too many tokens, please wait", RateLimited.class, 429),
        Arguments.of(500, "InternalServerException", "An internal server error occurred", UpstreamUnavailable.class,
            502),
        Arguments.of(503, "ServiceUnavailableException", "Bedrock is unable to process your request",
            UpstreamUnavailable.class, 503),
        Arguments.of(503, "ModelNotReadyException", "Model is not ready to serve inference requests",
            UpstreamUnavailable.class, 503));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("table")
  void errorTypesMapToTypedErrorsKeepingBedrocksMessage(int status, String type, String message,
                                                       Class<? extends ImageGateException> expected, int ourStatus) {
    server.enqueue(error(status, type, "{\"message\":\"" + message.replace("\"", "\\\"") + "\"}"));

    ImageGateException e = fail(expected);

    assertThat(e.status()).isEqualTo(ourStatus);
    assertThat(e.getMessage()).contains(message).contains(type);
    assertThat(e.providerMessage()).contains(message);
    assertThat(e.upstreamStatus()).contains(status);
    assertThat(e.requestId()).contains("req-" + status);
    assertAllSigned(1);
  }

  @Test
  void throttlingCarriesRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .addHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
        .body("{\"message\":\"Too many requests\"}").build());

    RateLimited e = fail(RateLimited.class);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void theTypeMayComeFromTheBodyAndTheMessageBeCapitalised() {
    server.enqueue(error(400, null, "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
        + "\"Message\":\"1 validation error detected\"}"));

    BadRequest e = fail(BadRequest.class);

    assertThat(e.getMessage()).contains("ValidationException").contains("1 validation error detected");
  }

  @Test
  void unknownErrorTypesFallBackToTheStatusAndKeepNonJsonText() {
    server.enqueue(new MockResponse.Builder().code(502).body("upstream connect error").build());

    assertThat(fail(UpstreamUnavailable.class).getMessage()).contains("upstream connect error");
  }

  @Test
  void refusalsReportedInA200AreContentPolicyViolations() {
    server.enqueue(MockServers.json(200, "{\"seeds\":[1],\"finish_reasons\":[\"Filter reason: output image\"]}"));

    ContentPolicyViolation e = catchThrowableOfType(ContentPolicyViolation.class,
        () -> gate().generate(request("bedrock/stability.sd3-large-v1:0").build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("Filter reason: output image");
    assertThat(e.code()).isEqualTo("content_policy_violation");
  }

  @Test
  void slowAnswersTimeOut() {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body("{}").build());

    Timeout e = catchThrowableOfType(Timeout.class,
        () -> gate().generate(request(MODEL).timeout(Duration.ofMillis(300)).build()));

    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(408);
  }

  @Test
  void refusedConnectionsAreUpstreamUnavailable() {
    Map<String, String> env = env();
    env.put("AWS_BEDROCK_RUNTIME_ENDPOINT", MockServers.closedPortUrl(""));

    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class,
        () -> gate(env).generate(request(MODEL).build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("Could not connect");
  }

  @Test
  void nonJsonTruncatedAndImagelessAnswersAreUpstreamProtocol() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>Bad gateway</html>").build());
    server.enqueue(MockServers.json(200, "{\"images\":[\"iVBORw0KGgo"));
    server.enqueue(MockServers.json(200, "{\"images\":[],\"error\":null}"));

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not valid JSON").contains("<html>");
    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not valid JSON");
    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("without images").contains("images[]");
    assertAllSigned(3);
  }

  private <T extends ImageGateException> T fail(Class<T> type) {
    T e = catchThrowableOfType(type, () -> gate().generate(request(MODEL).build()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    assertThat(e.provider()).isEqualTo("bedrock");
    assertThat(e.getMessage()).doesNotContain(SigV4MockBedrock.SECRET_KEY);
    return e;
  }
}
