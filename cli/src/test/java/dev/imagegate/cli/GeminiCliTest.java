package dev.imagegate.cli;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegate generate} against a local server speaking the Gemini API. */
class GeminiCliTest {
  private static final String KEY = "AIza-cli-test-key";

  @TempDir
  Path dir;
  MockWebServer server;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(String... args) {
    Env env = Env.of(Map.of("GEMINI_API_KEY", KEY, "GEMINI_API_BASE", server.url("/v1beta").toString(),
        "IMAGEGATE_MODEL_CATALOG", GenerateCommandTest.DALL_E_STILL_SERVED));
    return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void imagenImageIsSavedAndPricedAtFourCents() throws Exception {
    server.enqueue(json(200, "{\"predictions\":[{\"bytesBase64Encoded\":\"" + MockServers.PNG_1X1
        + "\",\"mimeType\":\"image/png\"}]}"));

    int code = run("generate", "a red bicycle", "--model", "gemini/imagen-4.0-generate-001", "--size", "1024x1792",
        "--param", "personGeneration=allow_adult", "--out", dir.toString());

    assertThat(code).as(err.toString()).isZero();
    Path file = dir.resolve("a-red-bicycle.png");
    assertThat(Files.readAllBytes(file)).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
    assertThat(out.toString()).contains(file.toString());
    assertThat(err.toString()).contains("cost_usd=0.04").contains("model=gemini/imagen-4.0-generate-001");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/imagen-4.0-generate-001:predict");
    assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
    JsonNode parameters = Fixtures.tree(recorded.getBody().utf8()).path("parameters");
    assertThat(parameters.path("personGeneration").asText()).isEqualTo("allow_adult");
    assertThat(parameters.path("aspectRatio").asText()).isEqualTo("9:16");
    assertThat(parameters.path("sampleCount").asInt()).isEqualTo(1);
  }

  @Test
  void geminiImageModelWithNTwoSavesTwoFiles() throws Exception {
    server.enqueue(json(200, Fixtures.text("providers/gemini/gemini-image-response.json")));
    server.enqueue(json(200, Fixtures.text("providers/gemini/gemini-image-response.json")));

    int code = run("generate", "a red bicycle", "--model", "gemini/gemini-2.5-flash-image", "--n", "2",
        "--out", dir.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(dir.resolve("a-red-bicycle-1.png")).exists();
    assertThat(dir.resolve("a-red-bicycle-2.png")).exists();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent");
  }

  @Test
  void contentPolicyRefusalExitsWithThree() throws Exception {
    server.enqueue(json(200, "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}"));

    int code = run("generate", "a red bicycle", "--model", "gemini/gemini-2.5-flash-image", "--out", dir.toString());

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("error: ").contains("PROHIBITED_CONTENT");
    assertThat(err.toString()).doesNotContain(KEY);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void unknownModelExitsWithTwoBeforeCallingGoogle() {
    int code = run("generate", "a red bicycle", "--model", "gemini/gemini-2.5-pro", "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("gemini-*-image*");
    assertThat(server.getRequestCount()).isZero();
  }
}
