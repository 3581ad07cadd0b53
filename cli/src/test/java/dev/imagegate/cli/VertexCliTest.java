package dev.imagegate.cli;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.vertex.FakeGoogleOAuth;
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

/** {@code imagegate generate} against a local Vertex AI endpoint and a local Google token endpoint. */
class VertexCliTest {
  @TempDir
  Path dir;
  MockWebServer server;
  FakeGoogleOAuth oauth;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    oauth = new FakeGoogleOAuth("cli-project");
  }

  @AfterEach
  void stop() {
    server.close();
    oauth.close();
  }

  private int run(Map<String, String> env, String... args) {
    Map<String, String> withCatalog = new java.util.HashMap<>(env);
    withCatalog.put("IMAGEGATE_MODEL_CATALOG", GenerateCommandTest.DALL_E_STILL_SERVED);
    return Main.run(args, Env.of(withCatalog), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void serviceAccountFileAndSettingsAsParams() throws Exception {
    server.enqueue(json(200, "{\"predictions\":[{\"bytesBase64Encoded\":\"" + MockServers.PNG_1X1
        + "\",\"mimeType\":\"image/png\"}]}"));
    Path credentials = oauth.writeServiceAccount(dir);
    Path images = dir.resolve("images");

    int code = run(Map.of(), "generate", "a red bicycle", "--model", "vertex_ai/imagen-4.0-generate-001",
        "--api-base", server.url("/").toString(), "--param", "vertex_credentials=" + credentials,
        "--param", "vertex_location=europe-west4", "--param", "addWatermark=false", "--out", images.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(images.resolve("a-red-bicycle.png")))
        .isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
    assertThat(err.toString()).contains("cost_usd=0.04");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/projects/cli-project/locations/europe-west4/publishers/google/"
        + "models/imagen-4.0-generate-001:predict");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(1));
    assertThat(oauth.rejections()).isEmpty();
    JsonNode body = Fixtures.tree(recorded.getBody().utf8());
    assertThat(body.path("parameters").path("addWatermark").asBoolean(true)).isFalse();
    assertThat(body.toString()).doesNotContain("vertex_");
  }

  @Test
  void credentialsJsonAndProjectFromTheEnvironment() throws Exception {
    server.enqueue(json(200, Fixtures.text("providers/gemini/gemini-image-response.json")));
    Path credentials = oauth.writeServiceAccount(dir);

    int code = run(Map.of("GOOGLE_APPLICATION_CREDENTIALS", credentials.toString(), "VERTEXAI_PROJECT", "env-project"),
        "generate", "a red bicycle", "--model", "vertex_ai/gemini-2.5-flash-image", "--api-base",
        server.url("/").toString(), "--out", dir.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(dir.resolve("a-red-bicycle.png")).exists();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/projects/env-project/locations/us-central1/"
        + "publishers/google/models/gemini-2.5-flash-image:generateContent");
  }

  @Test
  void inlineCredentialsJsonWorksAndAnUpstreamErrorExitsWithThree() {
    server.enqueue(json(403, "{\"error\":{\"code\":403,\"message\":\"Permission 'aiplatform.endpoints.predict' "
        + "denied\",\"status\":\"PERMISSION_DENIED\"}}"));

    int code = run(Map.of(), "generate", "a red bicycle", "--model", "vertex_ai/imagen-4.0-generate-001",
        "--api-base", server.url("/").toString(), "--param", "vertex_credentials=" + oauth.serviceAccountJson(),
        "--out", dir.toString());

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("PERMISSION_DENIED").contains("aiplatform.endpoints.predict");
    assertThat(err.toString()).doesNotContain("ya29.").doesNotContain("PRIVATE KEY");
    assertThat(oauth.tokensIssued()).isEqualTo(1);
  }

  @Test
  void missingCredentialFileExitsWithTwo() {
    int code = run(Map.of(), "generate", "a red bicycle", "--model", "vertex_ai/imagen-4.0-generate-001",
        "--api-base", server.url("/").toString(), "--param", "vertex_credentials=" + dir.resolve("missing.json"),
        "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("vertex_credentials").contains("missing.json");
    assertThat(server.getRequestCount()).isZero();
  }
}
