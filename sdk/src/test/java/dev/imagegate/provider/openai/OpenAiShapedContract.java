package dev.imagegate.provider.openai;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.TransportFailureContract;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.imagegate.testing.Catalogs;

/**
 * The contract every OpenAI-shaped provider meets against a local server speaking OpenAI's images protocol: the
 * request on the wire and the whole error table. Subclasses say where the provider's endpoint is and how it
 * authenticates.
 */
public abstract class OpenAiShapedContract implements TransportFailureContract {
  protected MockWebServer server;

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
    gateWith(env(MockServers.closedPortUrl("/v1"))).generate(request().build());
  }

  @Override
  public String truncatedAnswer() {
    return "{\"created\":1,\"data\":[{\"b64_json\":\"iVBORw0KGgo";
  }

  /** The model string callers write, e.g. {@code xinference/sd3}. */
  protected abstract String model();

  /** The model name expected in the body, or null when the body must not carry one. */
  protected abstract String wireModel();

  /** The path the provider must POST to, given the base from {@link #env}. */
  protected abstract String expectedPath();

  /** Env vars pointing the provider at {@code base} with key {@code sk-test}. */
  protected abstract Map<String, String> env(String base);

  /** The base URL to configure, e.g. {@code server.url("/v1")}. */
  protected abstract String base();

  /** The header that carries the credential. */
  protected String authHeader() {
    return "Authorization";
  }

  /** The value of {@link #authHeader()} for key {@code sk-test}. */
  protected String expectedAuthorization() {
    return "Bearer sk-test";
  }

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  protected ImageGate gate() {
    return gateWith(env(base()));
  }

  /** The client under test with {@code env}; override to run the whole contract over another transport. */
  protected ImageGate gateWith(Map<String, String> env) {
    return ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(env)).build();
  }

  protected ImageRequest.Builder request() {
    return ImageRequest.builder("a red bicycle").model(model());
  }

  protected void enqueueSuccess() {
    server.enqueue(json(200, "{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
  }

  /** Where this server's body carries native extras: the top level, unless the provider says otherwise. */
  protected JsonNode nativeExtras(JsonNode body) {
    return body;
  }

  @Test
  void postsTheOpenAiRequestWithBearerAuth() throws Exception {
    enqueueSuccess();

    ImageResponse response = gate().generate(request().n(1).extra("seed", 42).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo(expectedPath());
    assertThat(recorded.getHeaders().get(authHeader())).isEqualTo(expectedAuthorization());
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("imagegate/");
    JsonNode body = Fixtures.tree(recorded.getBody().toByteArray());
    if (wireModel() == null) {
      assertThat(body.has("model")).isFalse();
    } else {
      assertThat(body.path("model").asText()).isEqualTo(wireModel());
    }
    assertThat(body.path("prompt").asText()).isEqualTo("a red bicycle");
    assertThat(body.path("n").asInt()).isEqualTo(1);
    assertThat(nativeExtras(body).path("seed").asInt()).isEqualTo(42);
    assertThat(response.data()).hasSize(1);
    assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(response.created()).isEqualTo(1700000000L);
  }

  @Test
  void badRequestKeepsParamAndMessage() {
    server.enqueue(json(400, "{\"error\":{\"message\":\"Invalid value for size\",\"type\":\"invalid_request_error\","
        + "\"param\":\"size\",\"code\":null}}"));

    BadRequest e = fail(BadRequest.class);

    assertThat(e.param()).isEqualTo("size");
    assertThat(e.getMessage()).contains("Invalid value for size");
    assertThat(e.upstreamStatus()).contains(400);
  }

  @Test
  void contentPolicy() {
    server.enqueue(json(400, "{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
        + "\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"content_policy_violation\"}}"));

    ContentPolicyViolation e = fail(ContentPolicyViolation.class);

    assertThat(e.code()).isEqualTo("content_policy_violation");
    assertThat(e.getMessage()).contains("rejected by the safety system");
  }

  @Test
  void unauthorized() {
    server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-t****\","
        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

    assertThat(fail(Authentication.class).getMessage()).contains("Incorrect API key");
  }

  @Test
  void forbidden() {
    server.enqueue(json(403, "{\"error\":{\"message\":\"Country not supported\",\"type\":\"permission_error\"}}"));

    assertThat(fail(PermissionDenied.class).getMessage()).contains("Country not supported");
  }

  @Test
  void notFound() {
    server.enqueue(json(404, "{\"error\":{\"message\":\"The model does not exist\",\"code\":\"model_not_found\"}}"));

    assertThat(fail(NotFound.class).getMessage()).contains("does not exist");
  }

  @Test
  void rateLimitedCarriesRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .body("{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}").build());

    RateLimited e = fail(RateLimited.class);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void quotaExhaustedIsNotRetryable() {
    server.enqueue(json(429, "{\"error\":{\"message\":\"You exceeded your current quota\","
        + "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));

    RateLimited e = fail(RateLimited.class);

    assertThat(e.retryable()).isFalse();
    assertThat(e.code()).isEqualTo("insufficient_quota");
  }

  @Test
  void serverErrorIsUpstreamUnavailable() {
    server.enqueue(json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));

    UpstreamUnavailable e = fail(UpstreamUnavailable.class);

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("The server had an error");
  }

  @Test
  void serviceUnavailableIs503() {
    server.enqueue(json(503, "{\"error\":{\"message\":\"Engine overloaded\",\"type\":\"server_error\"}}"));

    assertThat(fail(UpstreamUnavailable.class).status()).isEqualTo(503);
  }

  @Test
  void answerWithoutImagesIsUpstreamProtocol() {
    server.enqueue(json(200, "{\"created\":1,\"data\":[]}"));

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("non-empty data array");
  }

  @Test
  void errorBodyThatIsNotJsonKeepsTheText() {
    server.enqueue(new MockResponse.Builder().code(502).body("upstream connect error").build());

    assertThat(fail(UpstreamUnavailable.class).getMessage()).contains("upstream connect error");
  }

  protected <T extends ImageGateException> T fail(Class<T> type) {
    T e = catchThrowableOfType(type, () -> gate().generate(request().build()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    assertThat(e.getMessage()).doesNotContain("sk-test");
    return e;
  }
}
