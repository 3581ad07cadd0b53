package dev.imagegate.provider.gemini;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.testing.Fixtures;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A local server speaking Google's protocol and the hooks one front door (Gemini API, Vertex AI) fills in: where its
 * endpoint is, how calls authenticate, and which secrets must never leak. The contract tests build on it.
 */
public abstract class GoogleMockServer {
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

  protected <T extends ImageGateException> T fail(Class<T> type) {
    T e = catchThrowableOfType(type, () -> gate().generate(request(IMAGEN).build()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    secrets().forEach(secret -> assertThat(e.getMessage()).doesNotContain(secret));
    return e;
  }
}
