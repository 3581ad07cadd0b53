package dev.imagegate.provider.vertex;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vertex edits: Gemini image models' generateContent with inline images, behind the service-account OAuth flow. */
class VertexEditTest {
  private static final String PROJECT = "imagegate-test";

  @TempDir
  Path dir;
  FakeGoogleOAuth oauth;
  MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    oauth = new FakeGoogleOAuth(PROJECT);
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    oauth.close();
  }

  @Test
  void editPostsInlineImagesWithTheBearerToken() throws Exception {
    server.enqueue(json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":"
        + "\"image/png\",\"data\":\"" + MockServers.PNG_1X1 + "\"}}]},\"finishReason\":\"STOP\"}]}"));
    byte[] png = Inputs.pngAlpha(16, 16);

    ImageResponse response = EditCalls.run(new VertexProvider(), "gemini-3-pro-image",
        ImageRequest.builder("add snow").model("gemini-3-pro-image").operation(Operation.EDIT)
            .image(Inputs.spooled(png, "a.png")).apiBase(server.url("/").toString()).build(),
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", oauth.writeServiceAccount(dir).toString()));

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/projects/" + PROJECT + "/locations/us-central1/publishers/"
        + "google/models/gemini-3-pro-image:generateContent");
    assertThat(recorded.getHeaders().get("Authorization")).startsWith("Bearer ya29.test-" + PROJECT + "-");
    JsonNode inline = Fixtures.tree(recorded.getBody().toByteArray()).path("contents").path(0).path("parts").get(1)
        .path("inlineData");
    assertThat(Base64.getDecoder().decode(inline.path("data").asText())).isEqualTo(png);
    assertThat(response.data()).hasSize(1);
  }
}
