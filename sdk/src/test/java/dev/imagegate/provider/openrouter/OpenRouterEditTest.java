package dev.imagegate.provider.openrouter;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenRouter edits: the prompt then the input images as image_url parts with base64 data URIs. */
class OpenRouterEditTest {
  static final String MODEL = "google/gemini-3.1-flash-image";
  MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ImageResponse edit(ImageRequest request) {
    return EditCalls.run(new OpenRouterProvider(), MODEL, request, Map.of("OPENROUTER_API_KEY", "sk-or-test",
        "OPENROUTER_API_BASE", server.url("/api/v1").toString()));
  }

  private static ImageRequest.Builder request() {
    return ImageRequest.builder("make it blue").model(MODEL).operation(Operation.EDIT);
  }

  @Test
  void inputImagesAreImageUrlPartsAfterThePrompt() throws Exception {
    server.enqueue(json(200, Fixtures.text("providers/openrouter/response.json")));
    byte[] png = Inputs.pngAlpha(20, 20);

    ImageResponse response = edit(request().image(Inputs.spooled(png, "a.png")).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/api/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-or-test");
    JsonNode body = Fixtures.tree(recorded.getBody().toByteArray());
    JsonNode content = body.path("messages").path(0).path("content");
    assertThat(content.get(0).path("type").asText()).isEqualTo("text");
    assertThat(content.get(0).path("text").asText()).isEqualTo("make it blue");
    assertThat(content.get(1).path("type").asText()).isEqualTo("image_url");
    String url = content.get(1).path("image_url").path("url").asText();
    assertThat(url).startsWith("data:image/png;base64,");
    assertThat(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))).isEqualTo(png);
    assertThat(body.path("modalities").toString()).contains("image");
    assertThat(response.data()).isNotEmpty();
  }

  static Stream<Arguments> errorTable() {
    return Stream.of(
        Arguments.of(400, BadRequest.class),
        Arguments.of(401, Authentication.class),
        Arguments.of(402, PermissionDenied.class),
        Arguments.of(403, PermissionDenied.class),
        Arguments.of(429, RateLimited.class),
        Arguments.of(502, UpstreamUnavailable.class),
        Arguments.of(503, UpstreamUnavailable.class));
  }

  @ParameterizedTest
  @MethodSource("errorTable")
  void editErrorsMapLikeGenerateErrors(int status, Class<? extends Throwable> expected) {
    server.enqueue(json(status, "{\"error\":{\"code\":" + status + ",\"message\":\"no\"}}"));

    assertThat(catchThrowable(() -> edit(request().image(InputImage.of(Inputs.jpeg(8, 8))).build())))
        .isInstanceOf(expected);
  }

  @Test
  void moderationRefusalIsAContentPolicyViolation() {
    server.enqueue(json(403, "{\"error\":{\"code\":403,\"message\":\"flagged\",\"metadata\":"
        + "{\"reasons\":[\"violence\"],\"flagged_input\":\"...\"}}}"));

    assertThat(catchThrowable(() -> edit(request().image(InputImage.of(Inputs.jpeg(8, 8))).build())))
        .isInstanceOf(ContentPolicyViolation.class);
  }

  @Test
  void badInputIsRefusedBeforeSending() {
    for (ImageRequest bad : new ImageRequest[] {
        request().image(InputImage.of("not an image".getBytes())).build(),
        request().image(InputImage.of(Inputs.pngAlpha(8, 8))).mask(InputImage.of(Inputs.pngAlpha(8, 8))).build()}) {
      assertThat(catchThrowable(() -> edit(bad))).isInstanceOf(BadRequest.class);
    }
    assertThat(catchThrowable(() -> edit(ImageRequest.builder().model(MODEL).operation(Operation.VARIATION)
        .image(InputImage.of(Inputs.jpeg(8, 8))).build()))).hasMessageContaining("does not support variation");
    assertThat(server.getRequestCount()).isZero();
  }
}
