package dev.imagegate.provider.openrouter;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.Fixtures;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A local server speaking OpenRouter's chat completions protocol, and a client pointed at it. */
abstract class OpenRouterMockServerTest {
  static final String MODEL = "openrouter/google/gemini-2.5-flash-image";
  static final String KEY = "sk-or-test";

  MockWebServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  String base() {
    return server.url("/api/v1").toString();
  }

  ImageGate gate() {
    return ImageGate.builder().env(Env.of(Map.of("OPENROUTER_API_KEY", KEY, "OPENROUTER_API_BASE", base())))
        .build();
  }

  static ImageRequest.Builder request() {
    return ImageRequest.builder("A cute baby sea otter").model(MODEL);
  }

  void enqueueImage() {
    server.enqueue(json(200, Fixtures.text("providers/openrouter/response.json")));
  }

  static JsonNode body(RecordedRequest recorded) {
    return Fixtures.tree(recorded.getBody().toByteArray());
  }

  <T extends ImageGateException> T fail(Class<T> type) {
    T e = catchThrowableOfType(type, () -> gate().generate(request().build()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  void enqueueError(int status, String message, String metadata) {
    server.enqueue(json(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\""
        + (metadata == null ? "" : ",\"metadata\":" + metadata) + "}}"));
  }
}
