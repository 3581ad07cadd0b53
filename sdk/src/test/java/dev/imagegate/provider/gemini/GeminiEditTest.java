package dev.imagegate.provider.gemini;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.InlineJson;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
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

/** Gemini image models edit through generateContent with the input images as inlineData parts. */
class GeminiEditTest {
  static final String MODEL = "gemini-3.1-flash-image";
  static final String ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Done\"},"
      + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + MockServers.PNG_1X1 + "\"}}]},"
      + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":300,\"candidatesTokenCount\":1120,"
      + "\"totalTokenCount\":1420}}";

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
    return EditCalls.run(new GeminiProvider(), MODEL, request, Map.of("GEMINI_API_KEY", "AIza-test",
        "GEMINI_API_BASE", server.url("/v1beta").toString()));
  }

  private static ImageRequest.Builder request() {
    return ImageRequest.builder("make it night").model(MODEL).operation(Operation.EDIT);
  }

  @Test
  void inputImagesGoAsInlineDataPartsAfterThePrompt() throws Exception {
    server.enqueue(json(200, ANSWER));
    byte[] png = Inputs.pngAlpha(40, 30);
    byte[] jpeg = Inputs.jpeg(20, 20);

    ImageResponse response = edit(request().image(Inputs.spooled(png, "a.png")).image(InputImage.of(jpeg))
        .size("1536x1024").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/" + MODEL + ":generateContent");
    assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-test");
    byte[] sent = recorded.getBody().toByteArray();
    assertThat(recorded.getHeaders().get("Content-Length")).isEqualTo(String.valueOf(sent.length));
    JsonNode parts = Fixtures.tree(sent).path("contents").path(0).path("parts");
    assertThat(parts.get(0).path("text").asText()).isEqualTo("make it night");
    assertThat(parts.get(1).path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
    assertThat(Base64.getDecoder().decode(parts.get(1).path("inlineData").path("data").asText())).isEqualTo(png);
    assertThat(parts.get(2).path("inlineData").path("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(Base64.getDecoder().decode(parts.get(2).path("inlineData").path("data").asText())).isEqualTo(jpeg);
    assertThat(Fixtures.tree(sent).path("generationConfig").path("imageConfig").path("aspectRatio").asText())
        .isEqualTo("3:2");
    assertThat(response.data()).hasSize(1);
    assertThat(response.usage().inputTokens()).isEqualTo(300);
  }

  @Test
  void goldenEditBody() throws Exception {
    InlineJson inline = new InlineJson();
    GoogleModel model = GoogleModel.of("gemini", MODEL, dev.imagegate.testing.Catalogs.WITHOUT_LIFECYCLES);
    byte[] body = inline.body(GeminiImageMapping.toEditBody(request()
        .image(InputImage.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "x.png")).build(), model, Map.of(), inline))
        .readAll();

    assertThat(new String(body)).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":"
        + "\"make it night\"},{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw==\"}}]}],"
        + "\"generationConfig\":{\"responseModalities\":[\"TEXT\",\"IMAGE\"]}}");
  }

  @Test
  void nIsServedWithParallelCalls() {
    server.enqueue(json(200, ANSWER));
    server.enqueue(json(200, ANSWER));

    ImageResponse response = edit(request().image(InputImage.of(Inputs.pngAlpha(8, 8))).n(2).build());

    assertThat(response.data()).hasSize(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  static Stream<Arguments> errorTable() {
    return Stream.of(
        Arguments.of(400, "INVALID_ARGUMENT", BadRequest.class),
        Arguments.of(403, "PERMISSION_DENIED", PermissionDenied.class),
        Arguments.of(404, "NOT_FOUND", NotFound.class),
        Arguments.of(429, "RESOURCE_EXHAUSTED", RateLimited.class),
        Arguments.of(500, "INTERNAL", UpstreamUnavailable.class),
        Arguments.of(503, "UNAVAILABLE", UpstreamUnavailable.class),
        Arguments.of(504, "DEADLINE_EXCEEDED", Timeout.class));
  }

  @ParameterizedTest
  @MethodSource("errorTable")
  void editErrorsMapLikeGenerateErrors(int status, String code, Class<? extends Throwable> expected) {
    server.enqueue(json(status, "{\"error\":{\"code\":" + status + ",\"message\":\"no\",\"status\":\"" + code
        + "\"}}"));

    assertThat(catchThrowable(() -> edit(request().image(InputImage.of(Inputs.pngAlpha(8, 8))).build())))
        .isInstanceOf(expected);
  }

  @Test
  void aBlockedEditIsAContentPolicyViolation() {
    server.enqueue(json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));

    assertThat(catchThrowable(() -> edit(request().image(InputImage.of(Inputs.pngAlpha(8, 8))).build())))
        .isInstanceOf(ContentPolicyViolation.class);
  }

  @Test
  void badInputIsRefusedBeforeSending() {
    ImageRequest.Builder tooMany = request();
    for (int i = 0; i < 15; i++) {
      tooMany.image(InputImage.of(Inputs.pngAlpha(8, 8)));
    }
    for (ImageRequest bad : new ImageRequest[] {tooMany.build(),
        request().image(InputImage.of("%PDF-1.4".getBytes())).build(),
        request().image(InputImage.of(Inputs.pngAlpha(8, 8))).mask(InputImage.of(Inputs.pngAlpha(8, 8))).build()}) {
      assertThat(catchThrowable(() -> edit(bad))).isInstanceOf(BadRequest.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void imagenServesNoEdits() {
    Throwable thrown = catchThrowable(() -> EditCalls.run(new GeminiProvider(), "imagen-4.0-generate-001",
        ImageRequest.builder("x").model("imagen-4.0-generate-001").operation(Operation.EDIT)
            .image(InputImage.of(Inputs.pngAlpha(8, 8))).build(), Map.of("GEMINI_API_KEY", "k")));

    assertThat(thrown).isInstanceOf(BadRequest.class).hasMessageContaining("does not support edit");
  }
}
