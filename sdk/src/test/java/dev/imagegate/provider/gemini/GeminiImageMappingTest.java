package dev.imagegate.provider.gemini;

import static dev.imagegate.testing.Fixtures.assertJsonMatches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.Usage;
import dev.imagegate.provider.gemini.GoogleModel.FrontDoor;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeminiImageMappingTest {
  private static final GoogleModel PRO = GoogleModel.of(FrontDoor.GEMINI_API, "gemini",
      "gemini-3-pro-image-preview");
  private static final GoogleModel FLASH = GoogleModel.of(FrontDoor.GEMINI_API, "gemini", "gemini-2.5-flash-image");

  @Test
  void requestAsksForTextAndImageAndPlacesExtrasWhereGeminiReadsThem() {
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("imageConfig", Map.of("personGeneration", "ALLOW_ADULT"));
    extras.put("generationConfig", Map.of("temperature", 0.4));
    extras.put("seed", 7);
    Map<String, Object> safety = new LinkedHashMap<>();
    safety.put("category", "HARM_CATEGORY_DANGEROUS_CONTENT");
    safety.put("threshold", "BLOCK_ONLY_HIGH");
    extras.put("safetySettings", List.of(safety));
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn, oil painting").size("1536x1024")
        .quality("hd").extras(extras).build();

    assertJsonMatches(GeminiImageMapping.toBody(request, PRO, request.extras()),
        "providers/gemini/gemini-image-request.json");
  }

  @Test
  void gemini31FlashImageRequestTakesItsNewRatiosAnd512AndThinkingConfig() {
    GoogleModel flash31 = GoogleModel.of(FrontDoor.GEMINI_API, "gemini", "gemini-3.1-flash-image");
    Map<String, Object> thinking = new LinkedHashMap<>();
    thinking.put("thinkingLevel", "HIGH");
    thinking.put("includeThoughts", false);
    ImageRequest request = ImageRequest.builder("a tall lighthouse banner, flat vector style").size("1:8")
        .quality("low").extra("thinkingConfig", thinking).build();

    assertJsonMatches(GeminiImageMapping.toBody(request, flash31, request.extras()),
        "providers/gemini/gemini-3.1-flash-image-request.json");
  }

  @Test
  void gemini31FlashImageResponseSplitsImageTextAndThinkingTokens() {
    GoogleOutcome outcome = GeminiImageMapping.fromResponse(
        Fixtures.json("providers/gemini/gemini-3.1-flash-image-response.json"), "gemini", "gemini-3.1-flash-image",
        1700000000L);

    GoogleOutcome.Images images = (GoogleOutcome.Images) outcome;
    assertThat(images.response().usage().outputTokensDetails())
        .isEqualTo(new Usage.OutputTokensDetails(747, 7, 310));
    assertJsonMatches(Fixtures.tree(images.response().toOpenAiJson()),
        "providers/gemini/gemini-3.1-flash-image-expected.json");
  }

  @Test
  void noSizeAndNoQualityMeansNoImageConfig() {
    var body = GeminiImageMapping.toBody(ImageRequest.builder("a fox").quality("standard").build(), FLASH,
        Map.of());

    assertThat(body.path("generationConfig").has("imageConfig")).isFalse();
    assertThat(body.path("generationConfig").path("responseModalities").toString())
        .isEqualTo("[\"TEXT\",\"IMAGE\"]");
  }

  @Test
  void responseTurnsInlineImagesIntoImagesAndTextIntoRevisedPromptSkippingThoughts() {
    GoogleOutcome outcome = GeminiImageMapping.fromResponse(
        Fixtures.json("providers/gemini/gemini-image-response.json"), "gemini", "gemini-2.5-flash-image",
        1700000000L);

    GoogleOutcome.Images images = (GoogleOutcome.Images) outcome;
    assertJsonMatches(Fixtures.tree(images.response().toOpenAiJson()),
        "providers/gemini/gemini-image-expected.json");
  }

  @Test
  void snakeCaseInlineDataIsAcceptedAndEveryImagePartCounts() {
    GoogleOutcome outcome = GeminiImageMapping.fromResponse(
        Fixtures.json("providers/gemini/gemini-image-snake-case-response.json"), "gemini", "m", 0);

    GoogleOutcome.Images images = (GoogleOutcome.Images) outcome;
    assertThat(images.response().data()).hasSize(2);
    assertThat(images.response().data().get(0).b64Json()).isEqualTo(MockServers.PNG_1X1);
    assertThat(images.response().data().get(0).revisedPrompt()).isNull();
    assertThat(images.response().usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void usageSplitsPromptTokensByModality() {
    Usage usage = GeminiImageMapping.usage(new GoogleWire.UsageMetadata(300L, 1290L, 1590L, null,
        List.of(new GoogleWire.ModalityTokens("TEXT", 42L), new GoogleWire.ModalityTokens("IMAGE", 258L))));

    assertThat(usage).isEqualTo(new Usage(300, new Usage.InputTokensDetails(42, 258), 1290, 1590));
  }

  @Test
  void blockedPromptIsARefusalWithTheBlockReason() {
    GoogleOutcome outcome = GeminiImageMapping.fromResponse(Fixtures.tree(
        "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":{\"promptTokenCount\":8}}"),
        "gemini", "m", 0);

    assertThat(outcome).isEqualTo(new GoogleOutcome.Refused("prompt blocked (PROHIBITED_CONTENT)"));
  }

  @Test
  void safetyFinishReasonWithoutImageIsARefusalWithGooglesMessage() {
    GoogleOutcome outcome = GeminiImageMapping.fromResponse(Fixtures.tree("{\"candidates\":[{\"finishReason\":"
        + "\"IMAGE_SAFETY\",\"finishMessage\":\"Unable to show the generated image.\"}]}"), "gemini", "m", 0);

    assertThat(outcome).isEqualTo(
        new GoogleOutcome.Refused("finishReason IMAGE_SAFETY: Unable to show the generated image."));
  }

  @Test
  void noImageFinishAndTextOnlyAnswersAreMalformedNotEmptySuccesses() {
    GoogleOutcome noImage = GeminiImageMapping.fromResponse(Fixtures.tree(
        "{\"candidates\":[{\"finishReason\":\"NO_IMAGE\"}]}"), "gemini", "m", 0);
    GoogleOutcome textOnly = GeminiImageMapping.fromResponse(Fixtures.tree("{\"candidates\":[{\"content\":"
        + "{\"parts\":[{\"text\":\"I can only describe it.\"}]},\"finishReason\":\"STOP\"}]}"), "gemini", "m", 0);
    GoogleOutcome empty = GeminiImageMapping.fromResponse(Fixtures.tree("{\"candidates\":[]}"), "gemini", "m", 0);

    assertThat(((GoogleOutcome.Malformed) noImage).expected()).contains("NO_IMAGE");
    assertThat(((GoogleOutcome.Malformed) textOnly).expected()).contains("STOP")
        .contains("I can only describe it.");
    assertThat(((GoogleOutcome.Malformed) empty).expected()).contains("candidates");
  }
}
