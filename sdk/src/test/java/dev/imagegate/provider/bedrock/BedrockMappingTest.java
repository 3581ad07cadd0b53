package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.bedrock.BedrockModels.Family;
import dev.imagegate.provider.bedrock.BedrockModels.Model;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden files for both directions of every Bedrock image family. */
class BedrockMappingTest {
  private static final Details DETAILS = new Details("bedrock", "m", 200, null, "req-1");

  static Model model(String id) {
    return BedrockModels.KNOWN.get(id);
  }

  static ObjectNode body(String id, ImageRequest request) {
    Model model = model(id);
    return BedrockMapping.toBody(model, request, request.extras(), "bedrock/" + id);
  }

  /** Same JSON value as the golden file; field order is checked too, since the signed bytes depend on it. */
  static void assertGolden(JsonNode actual, String path) {
    assertThat(Fixtures.tree(Json.write(actual)).toPrettyString()).isEqualTo(Fixtures.json(path).toPrettyString());
  }

  @Test
  void sdxlTakesTextPromptsSizeStylePresetAndNegativePromptAsNegativeWeight() {
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn").size("1152x896").style("photographic")
        .extra("negative_prompt", "blurry, low contrast").extra("cfg_scale", 7).extra("steps", 30).extra("seed", 42)
        .extra("sampler", "K_DPMPP_2M").build();

    assertGolden(body("stability.stable-diffusion-xl-v1", request), "providers/bedrock/sdxl-request.json");
  }

  @Test
  void sd3FamilyMapsSizeToTheNearestAspectRatioAndPassesNativeFields() {
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn").size("1792x1024").extra("seed", 7)
        .extra("negative_prompt", "text, watermark").extra("output_format", "jpeg").build();

    assertGolden(body("stability.sd3-5-large-v1:0", request), "providers/bedrock/sd3-request.json");
  }

  @Test
  void titanPutsNAndSizeAndPremiumQualityInImageGenerationConfig() {
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn").n(2).size("1152x768").quality("hd")
        .extra("cfgScale", 8.0).extra("seed", 0).extra("negativeText", "blurry").build();

    assertGolden(body("amazon.titan-image-generator-v2:0", request), "providers/bedrock/titan-request.json");
  }

  @Test
  void novaTakesStyleAndMergesNativeObjectsIntoItsOwn() {
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn").size("1280x720").quality("standard")
        .style("PHOTOREALISM").extra("negative_prompt", "people").extra("seed", 12)
        .extra("imageGenerationConfig", Map.of("cfgScale", 6.5)).build();

    assertGolden(body("amazon.nova-canvas-v1:0", request), "providers/bedrock/nova-request.json");
  }

  @Test
  void nova2OmniSendsThePromptAsOneUserMessageAndMergesItsNativeFields() {
    Map<String, Object> inference = new java.util.LinkedHashMap<>();
    inference.put("temperature", 0.4);
    inference.put("topP", 0.9);
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn, wide 16:9 framing")
        .extra("inferenceConfig", inference)
        .extra("system", List.of(Map.of("text", "Answer with one image."))).build();

    assertGolden(body("amazon.nova-2-omni-v1:0", request), "providers/bedrock/nova-2-omni-request.json");
  }

  @Test
  void nova2OmniAnswerMapsToOpenAiJsonWithItsUsage() {
    ImageResponse response = BedrockMapping.fromResponse(Family.NOVA_MESSAGES,
        Fixtures.json("providers/bedrock/nova-2-omni-response.json"), DETAILS, "amazon.nova-2-omni-v1:0",
        1700000000L);

    assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
    assertGolden(Fixtures.tree(response.toOpenAiJson()), "providers/bedrock/nova-2-omni-expected.json");
  }

  @Test
  void nova2OmniImageBytesNestedAsAwsDocumentsThemAreRead() {
    ImageResponse response = BedrockMapping.fromResponse(Family.NOVA_MESSAGES, Fixtures.tree("{\"output\":{\"message\":"
        + "{\"content\":[{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":{\"bytes\":\"" + MockServers.PNG_1X1
        + "\"}}}}]}},\"stopReason\":\"end_turn\"}"), DETAILS, "m", 1L);

    assertThat(response.data()).hasSize(1);
    assertThat(response.usage()).isEqualTo(dev.imagegate.Usage.NONE);
  }

  @Test
  void nova2OmniAnswersWithoutAnImageAreProtocolErrorsNamingTheStopReason() {
    assertProtocol(Family.NOVA_MESSAGES, "{\"output\":{\"message\":{\"content\":[{\"text\":\"I cannot draw\"}]}},"
        + "\"stopReason\":\"max_tokens\"}", "stopReason max_tokens");
    assertProtocol(Family.NOVA_MESSAGES, "{\"stopReason\":\"end_turn\"}", "expected output.message.content[].image");
    assertRefused(Family.NOVA_MESSAGES, "{\"output\":{\"message\":{\"content\":[]}},\"stopReason\":"
        + "\"content_filtered\"}", "content_filtered");
  }

  @Test
  void qualityOtherThanHdHighOrPremiumIsStandard() {
    for (String quality : List.of("standard", "low", "medium", "auto")) {
      ImageRequest request = ImageRequest.builder("x").quality(quality).build();
      assertThat(body("amazon.titan-image-generator-v1", request).at("/imageGenerationConfig/quality").asText())
          .isEqualTo("standard");
    }
    for (String quality : List.of("premium", "hd", "high")) {
      ImageRequest request = ImageRequest.builder("x").quality(quality).build();
      assertThat(body("amazon.nova-canvas-v1:0", request).at("/imageGenerationConfig/quality").asText())
          .isEqualTo("premium");
    }
  }

  @Test
  void unsetPortableParametersAreLeftToTheModelsDefaults() {
    ImageRequest request = ImageRequest.builder("x").build();

    assertThat(body("stability.stable-diffusion-xl-v1", request).fieldNames()).toIterable()
        .containsExactly("text_prompts");
    assertThat(body("stability.stable-image-core-v1:1", request).fieldNames()).toIterable()
        .containsExactly("prompt");
    assertThat(body("amazon.titan-image-generator-v1", request).path("imageGenerationConfig").fieldNames())
        .toIterable().containsExactly("numberOfImages");
  }

  @Test
  void laterParallelCallsShiftAnExplicitSeed() {
    ObjectNode body = body("stability.sd3-large-v1:0", ImageRequest.builder("x").extra("seed", 4294967295L).build());

    assertThat(BedrockMapping.forCall(body, 0)).isSameAs(body);
    assertThat(BedrockMapping.forCall(body, 1).path("seed").asLong()).isZero();
    assertThat(BedrockMapping.forCall(body, 2).path("seed").asLong()).isEqualTo(1);
    assertThat(body.path("seed").asLong()).isEqualTo(4294967295L);
    ObjectNode unseeded = body("stability.sd3-large-v1:0", ImageRequest.builder("x").build());
    assertThat(BedrockMapping.forCall(unseeded, 3)).isSameAs(unseeded);
  }

  @Test
  void responsesOfEveryFamilyMapToOpenAiJson() {
    Map<Family, String> files = Map.of(Family.SDXL, "sdxl", Family.STABILITY, "sd3", Family.TITAN, "titan",
        Family.NOVA_CANVAS, "nova");
    files.forEach((family, name) -> {
      ImageResponse response = BedrockMapping.fromResponse(family,
          Fixtures.json("providers/bedrock/" + name + "-response.json"), DETAILS, "m", 1700000000L);
      assertThat(response.provider()).isEqualTo("bedrock");
      assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
      assertGolden(Fixtures.tree(response.toOpenAiJson()), "providers/bedrock/" + name + "-expected.json");
    });
  }

  @Test
  void refusalsReportedInA200AreContentPolicyViolations() {
    assertRefused(Family.SDXL, "{\"result\":\"success\",\"artifacts\":[{\"seed\":1,\"base64\":\"\","
        + "\"finishReason\":\"CONTENT_FILTERED\"}]}", "CONTENT_FILTERED");
    assertRefused(Family.STABILITY, "{\"finish_reasons\":[\"Filter reason: prompt\"]}", "Filter reason: prompt");
    assertRefused(Family.NOVA_CANVAS, "{\"images\":[],\"error\":\"The generated image has been blocked by our "
        + "content filters.\"}", "blocked by our content filters");
  }

  @Test
  void otherReportedFailuresAndAnswersWithoutImagesAreUpstreamProtocol() {
    assertProtocol(Family.SDXL, "{\"result\":\"error\",\"artifacts\":[{\"finishReason\":\"ERROR\"}]}", "ERROR");
    assertProtocol(Family.STABILITY, "{\"finish_reasons\":[\"Inference error\"]}", "Inference error");
    assertProtocol(Family.TITAN, "{\"images\":[],\"error\":\"Internal failure\"}", "Internal failure");
    assertProtocol(Family.TITAN, "{\"images\":[],\"error\":null}", "expected images[]");
    assertProtocol(Family.SDXL, "{\"result\":\"success\",\"artifacts\":[]}", "expected artifacts[].base64");
    assertProtocol(Family.STABILITY, "{\"images\":\"" + MockServers.PNG_1X1 + "\"}", "unexpected body");
  }

  private static void assertRefused(Family family, String json, String message) {
    ContentPolicyViolation e = catchThrowableOfType(ContentPolicyViolation.class,
        () -> BedrockMapping.fromResponse(family, Fixtures.tree(json), DETAILS, "m", 0));
    assertThat(e).as(json).isNotNull();
    assertThat(e.getMessage()).contains(message);
    assertThat(e.requestId()).contains("req-1");
  }

  private static void assertProtocol(Family family, String json, String message) {
    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class,
        () -> BedrockMapping.fromResponse(family, Fixtures.tree(json), DETAILS, "m", 0));
    assertThat(e).as(json).isNotNull();
    assertThat(e.getMessage()).contains(message);
  }
}
