package dev.imagegate.provider.bedrock;

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
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Nova Canvas and Titan v2 edits and variations: InvokeModel task types with base64 images in the JSON. */
class BedrockEditTest {
  static final String NOVA = "amazon.nova-canvas-v1:0";
  static final String TITAN = "amazon.titan-image-generator-v2:0";
  static final String ANSWER = "{\"images\":[\"" + MockServers.PNG_1X1 + "\"],\"error\":null}";
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

  private ImageResponse run(String model, ImageRequest request) {
    return EditCalls.run(new BedrockProvider(), model, request, Map.of("AWS_BEARER_TOKEN_BEDROCK", "br-key",
        "AWS_BEDROCK_RUNTIME_ENDPOINT", server.url("").toString().replaceAll("/$", "")));
  }

  private JsonNode sent() throws Exception {
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer br-key");
    return Fixtures.tree(recorded.getBody().toByteArray());
  }

  private static ImageRequest.Builder edit(String model) {
    return ImageRequest.builder("a garden gnome").model(model).operation(Operation.EDIT);
  }

  @Test
  void maskImageMakesAnInpainting() throws Exception {
    server.enqueue(MockServers.json(200, ANSWER));
    byte[] png = Inputs.pngOpaque(64, 64);
    byte[] mask = Inputs.pngOpaque(64, 64);

    ImageResponse response = run(NOVA, edit(NOVA).image(Inputs.spooled(png, "a.png"))
        .mask(InputImage.of(mask)).n(2).quality("hd").extra("seed", 7).extra("negative_prompt", "blur").build());

    JsonNode body = sent();
    assertThat(body.path("taskType").asText()).isEqualTo("INPAINTING");
    JsonNode params = body.path("inPaintingParams");
    assertThat(Base64.getDecoder().decode(params.path("image").asText())).isEqualTo(png);
    assertThat(Base64.getDecoder().decode(params.path("maskImage").asText())).isEqualTo(mask);
    assertThat(params.path("text").asText()).isEqualTo("a garden gnome");
    assertThat(params.path("negativeText").asText()).isEqualTo("blur");
    assertThat(body.path("imageGenerationConfig").toString())
        .isEqualTo("{\"numberOfImages\":2,\"quality\":\"premium\",\"seed\":7}");
    assertThat(response.data()).hasSize(1);
  }

  @Test
  void maskPromptAndOutpaintingAndBackgroundRemoval() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(MockServers.json(200, ANSWER));
    }
    InputImage image = InputImage.of(Inputs.jpeg(64, 64));

    run(NOVA, edit(NOVA).image(image).extra("maskPrompt", "the pots").build());
    run(TITAN, edit(TITAN).image(image).extra("maskPrompt", "the sky").extra("outPaintingMode", "PRECISE").build());
    run(NOVA, edit(NOVA).image(image).extra("taskType", "BACKGROUND_REMOVAL").build());

    JsonNode inpaint = sent();
    assertThat(inpaint.path("inPaintingParams").path("maskPrompt").asText()).isEqualTo("the pots");
    JsonNode outpaint = sent();
    assertThat(outpaint.path("taskType").asText()).isEqualTo("OUTPAINTING");
    assertThat(outpaint.path("outPaintingParams").path("outPaintingMode").asText()).isEqualTo("PRECISE");
    JsonNode removal = sent();
    assertThat(removal.path("taskType").asText()).isEqualTo("BACKGROUND_REMOVAL");
    assertThat(removal.has("imageGenerationConfig")).isFalse();
    assertThat(removal.path("backgroundRemovalParams").has("image")).isTrue();
  }

  @Test
  void variationSendsAllImagesAndSimilarity() throws Exception {
    server.enqueue(MockServers.json(200, ANSWER));

    run(TITAN, ImageRequest.builder().model(TITAN).operation(Operation.VARIATION)
        .image(InputImage.of(Inputs.pngOpaque(32, 32))).image(InputImage.of(Inputs.jpeg(32, 32)))
        .extra("similarityStrength", 0.7).size("1024x1024").build());

    JsonNode body = sent();
    assertThat(body.path("taskType").asText()).isEqualTo("IMAGE_VARIATION");
    assertThat(body.path("imageVariationParams").path("images")).hasSize(2);
    assertThat(body.path("imageVariationParams").has("text")).isFalse();
    assertThat(body.path("imageVariationParams").path("similarityStrength").asDouble()).isEqualTo(0.7);
    assertThat(body.path("imageGenerationConfig").path("width").asInt()).isEqualTo(1024);
  }

  @Test
  void stabilityImageServicesTakeImageMaskAndPromptAsTheyDocument() throws Exception {
    String answer = "{\"seeds\":[42],\"finish_reasons\":[null],\"images\":[\"" + MockServers.PNG_1X1 + "\"]}";
    for (int i = 0; i < 3; i++) {
      server.enqueue(MockServers.json(200, answer));
    }
    byte[] png = Inputs.pngOpaque(64, 64);
    byte[] mask = Inputs.pngOpaque(64, 64);
    String inpaint = "stability.stable-image-inpaint-v1:0";
    String removal = "stability.stable-image-remove-background-v1:0";
    String replace = "us.stability.stable-image-search-replace-v1:0";

    ImageResponse response = run(inpaint, edit(inpaint).image(InputImage.of(png)).mask(InputImage.of(mask))
        .extra("output_format", "png").build());
    run(removal, edit(removal).image(InputImage.of(png)).build());
    run(replace, edit(replace).image(InputImage.of(png)).extra("search_prompt", "the cat").build());

    RecordedRequest first = server.takeRequest();
    assertThat(first.getTarget()).isEqualTo("/model/" + inpaint.replace(":", "%3A") + "/invoke");
    JsonNode body = Fixtures.tree(first.getBody().toByteArray());
    assertThat(Base64.getDecoder().decode(body.path("image").asText())).isEqualTo(png);
    assertThat(Base64.getDecoder().decode(body.path("mask").asText())).isEqualTo(mask);
    assertThat(body.path("prompt").asText()).isEqualTo("a garden gnome");
    assertThat(body.path("output_format").asText()).isEqualTo("png");
    assertThat(response.openAiFields().get("seeds").toString()).isEqualTo("[42]");
    JsonNode removed = sent();
    assertThat(removed.has("prompt")).isFalse();
    assertThat(removed.has("image")).isTrue();
    JsonNode replaced = sent();
    assertThat(replaced.path("search_prompt").asText()).isEqualTo("the cat");
    assertThat(replaced.path("prompt").asText()).isEqualTo("a garden gnome");
  }

  @Test
  void stabilityServicesOnlyEdit() {
    String removal = "stability.stable-image-remove-background-v1:0";
    InputImage image = InputImage.of(Inputs.pngOpaque(8, 8));

    assertThat(catchThrowable(() -> run(removal, ImageRequest.builder("x").model(removal).build())))
        .hasMessageContaining("does not support generate");
    assertThat(catchThrowable(() -> run(removal, edit(removal).image(image).mask(image).build())))
        .isInstanceOf(BadRequest.class).hasMessageContaining("does not take a mask");
    assertThat(server.getRequestCount()).isZero();
  }

  static Stream<Arguments> errorTable() {
    return Stream.of(
        Arguments.of(400, "ValidationException", "bad input", BadRequest.class),
        Arguments.of(400, "ValidationException", "This request has been blocked by our content filters.",
            ContentPolicyViolation.class),
        Arguments.of(403, "AccessDeniedException", "no access", PermissionDenied.class),
        Arguments.of(404, "ResourceNotFoundException", "no model", NotFound.class),
        Arguments.of(408, "ModelTimeoutException", "slow", Timeout.class),
        Arguments.of(429, "ThrottlingException", "slow down", RateLimited.class),
        Arguments.of(500, "InternalServerException", "oops", UpstreamUnavailable.class),
        Arguments.of(503, "ServiceUnavailableException", "down", UpstreamUnavailable.class));
  }

  @ParameterizedTest
  @MethodSource("errorTable")
  void editErrorsMapLikeGenerateErrors(int status, String type, String message,
                                       Class<? extends Throwable> expected) {
    server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .addHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .body("{\"message\":\"" + message + "\"}").build());

    assertThat(catchThrowable(() -> run(NOVA, edit(NOVA).image(InputImage.of(Inputs.jpeg(8, 8)))
        .extra("maskPrompt", "x").build()))).isInstanceOf(expected);
  }

  @Test
  void badInputIsRefusedBeforeSending() {
    InputImage image = InputImage.of(Inputs.pngOpaque(8, 8));
    for (ImageRequest bad : new ImageRequest[] {
        edit(NOVA).image(image).build(),
        edit(NOVA).image(image).mask(InputImage.of(Inputs.pngOpaque(8, 8))).extra("maskPrompt", "x").build(),
        edit(NOVA).image(image).extra("taskType", "VIRTUAL_TRY_ON").build(),
        edit(NOVA).image(image).image(image).extra("maskPrompt", "x").build(),
        edit(NOVA).image(InputImage.of(Inputs.webp(8, 8))).extra("maskPrompt", "x").build()}) {
      assertThat(catchThrowable(() -> run(NOVA, bad))).isInstanceOf(BadRequest.class);
    }
    assertThat(catchThrowable(() -> run("stability.sd3-5-large-v1:0", edit("stability.sd3-5-large-v1:0")
        .image(image).build()))).hasMessageContaining("does not support edit");
    assertThat(server.getRequestCount()).isZero();
  }
}
