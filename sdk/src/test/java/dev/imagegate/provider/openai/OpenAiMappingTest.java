package dev.imagegate.provider.openai;

import static dev.imagegate.testing.Fixtures.assertJsonMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiMappingTest {

  @Test
  void dallE3RequestCarriesEveryPortableParameter() {
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn, oil painting").model("dall-e-3").n(1)
        .size("1792x1024").quality("hd").style("natural").responseFormat(ResponseFormat.URL).user("user-42").build();

    var body = OpenAiMapping.toBody(request, "dall-e-3", caps("dall-e-3"), Size::wire, Map.of());

    assertJsonMatches(body, "providers/openai/dall-e-3-request.json");
  }

  @Test
  void gptImageRequestForwardsExtrasVerbatimAndNeverSendsResponseFormat() {
    ImageRequest request = ImageRequest.builder("a transparent sticker of a red fox").model("gpt-image-1").n(2)
        .size("1024x1536").quality("high").responseFormat(ResponseFormat.B64_JSON)
        .extra("background", "transparent").extra("output_format", "webp").extra("output_compression", 80)
        .extra("moderation", "low").build();

    var body = OpenAiMapping.toBody(request, "gpt-image-1", caps("gpt-image-1"), Size::wire, request.extras());

    assertJsonMatches(body, "providers/openai/gpt-image-1-request.json");
  }

  @Test
  void gptImage2RequestTakesAnyRuleSizeAndNeverSendsResponseFormat() {
    ImageRequest request = ImageRequest.builder("a poster of a lighthouse with the words NORTH LIGHT")
        .model("gpt-image-2").n(2).size("2048x1152").quality("high").responseFormat(ResponseFormat.B64_JSON)
        .user("user-42").extra("background", "opaque").extra("output_format", "jpeg")
        .extra("output_compression", 85).extra("moderation", "low").extra("safety_identifier", "3f1c9a").build();
    Capabilities caps = caps("gpt-image-2");

    var body = OpenAiMapping.toBody(caps.check(request, "openai/gpt-image-2"), "gpt-image-2", caps, Size::wire,
        request.extras());

    assertJsonMatches(body, "providers/openai/gpt-image-2-request.json");
  }

  @Test
  void gptImage2ResponseKeepsEveryMeter() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.json("providers/openai/gpt-image-2-response.json"),
        "openai", "gpt-image-2", 0, null);

    assertThat(response.data()).hasSize(2);
    assertThat(response.usage().inputTokensDetails()).isEqualTo(new dev.imagegate.Usage.InputTokensDetails(64, 0,
        32, 0));
    assertThat(response.usage().outputTokensDetails()).isEqualTo(new dev.imagegate.Usage.OutputTokensDetails(11300,
        36, 0));
    assertThat(response.openAiFields()).containsEntry("size", "2048x1152").containsEntry("output_format", "jpeg");
    assertJsonMatches(Fixtures.tree(response.toOpenAiJson()), "providers/openai/gpt-image-2-expected.json");
  }

  @Test
  void compatibleServerGetsEveryFieldAsGiven() {
    ImageRequest request = ImageRequest.builder("a watercolor hummingbird").model("openai/flux-dev")
        .size("768x768").quality("whatever-the-server-takes").style("anime").responseFormat("b64_json")
        .extra("seed", 7).extra("negative_prompt", "blurry").extra("num_inference_steps", 28)
        .extra("guidance_scale", 3.5).build();

    var body = OpenAiMapping.toBody(request, "flux-dev", Capabilities.permissive(), Size::wire, request.extras());

    assertJsonMatches(body, "providers/openai/compat-request.json");
  }

  @Test
  void gptImageResponseKeepsUsageAndOutputFields() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.json("providers/openai/gpt-image-1-response.json"),
        "openai", "gpt-image-1", 0, null);

    assertThat(response.data()).hasSize(2);
    assertThat(response.usage().outputTokens()).isEqualTo(4160);
    assertThat(response.usage().inputTokensDetails().textTokens()).isEqualTo(12);
    assertJsonMatches(Fixtures.tree(response.toOpenAiJson()), "providers/openai/gpt-image-1-expected.json");
  }

  @Test
  void dallE3ResponseKeepsUrlAndRevisedPromptAndReportsZeroUsage() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.json("providers/openai/dall-e-3-response.json"),
        "openai", "dall-e-3", 0, null);

    assertThat(response.data().get(0).isUrl()).isTrue();
    assertThat(response.data().get(0).revisedPrompt()).startsWith("An oil painting");
    assertJsonMatches(Fixtures.tree(response.toOpenAiJson()), "providers/openai/dall-e-3-expected.json");
  }

  @Test
  void fractionalTokenCountsAreRoundedNotRejected() {
    ImageResponse response = OpenAiMapping.fromResponse(
        Fixtures.json("providers/openai/fractional-usage-response.json"), "openai", "gpt-image-1", 0, null);

    assertThat(response.usage().inputTokens()).isEqualTo(11);
    assertThat(response.usage().outputTokens()).isEqualTo(4160);
    assertThat(response.usage().totalTokens()).isEqualTo(4170);
  }

  @Test
  void missingCreatedFallsBackToNow() {
    ImageResponse response = OpenAiMapping.fromResponse(
        Fixtures.tree("{\"data\":[{\"b64_json\":\"" + dev.imagegate.testing.MockServers.PNG_1X1 + "\"}]}"),
        "openai", "dall-e-2", 1234, null);

    assertThat(response.created()).isEqualTo(1234);
  }

  @Test
  void emptyDataOrItemsWithoutImagesAreRejected() {
    assertThatThrownBy(() -> OpenAiMapping.fromResponse(Fixtures.tree("{\"created\":1,\"data\":[]}"),
        "openai", "dall-e-2", 0, null)).hasMessageContaining("non-empty data array");
    assertThatThrownBy(() -> OpenAiMapping.fromResponse(Fixtures.tree("{\"created\":1,\"data\":[{}]}"),
        "openai", "dall-e-2", 0, null)).hasMessageContaining("b64_json or url");
  }

  private static dev.imagegate.provider.Capabilities caps(String model) {
    return dev.imagegate.catalog.Catalog.bundled().find("openai", model).orElseThrow().entry().capabilities();
  }
}
