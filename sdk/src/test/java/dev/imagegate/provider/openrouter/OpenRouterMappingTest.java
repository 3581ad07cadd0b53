package dev.imagegate.provider.openrouter;

import static dev.imagegate.testing.Fixtures.assertJsonMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageFormat;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.provider.Json;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenRouterMappingTest {
  private static final String MODEL = "google/gemini-2.5-flash-image";

  private static OpenRouterWire.ChatResponse wire(String json) {
    try {
      return Json.MAPPER.treeToValue(Fixtures.tree(json), OpenRouterWire.ChatResponse.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static OpenRouterWire.ChatResponse choice(String choiceJson) {
    return wire("{\"choices\":[" + choiceJson + "]}");
  }

  @Test
  void requestIsOneUserMessageWithImageOutputAndMergedImageConfig() {
    ImageRequest request = ImageRequest.builder("A cute baby sea otter").model("openrouter/" + MODEL)
        .size("1792x1024").user("user-42").extra("image_config", Map.of("image_size", "2K")).extra("seed", 7)
        .extra("provider", Map.of("order", List.of("google-vertex"))).build();

    JsonNode body = OpenRouterMapping.toBody(request, MODEL, request.extras());

    assertJsonMatches(body, "providers/openrouter/request.json");
  }

  @ParameterizedTest
  @CsvSource({"1024x1024, 1:1", "1536x1024, 3:2", "1024x1536, 2:3", "1024x1792, 9:16", "21:9, 21:9",
      "800x1000, 4:5", "2560x1080, 21:9"})
  void sizeBecomesTheNearestAspectRatio(String size, String ratio) {
    ImageRequest request = ImageRequest.builder("x").size(size).build();

    JsonNode body = OpenRouterMapping.toBody(request, MODEL, Map.of());

    assertThat(body.path("image_config").path("aspect_ratio").asText()).isEqualTo(ratio);
  }

  @Test
  void theFullRatioListReachesTheExtremes() {
    JsonNode body = OpenRouterMapping.toBody(ImageRequest.builder("x").size("4096x512").build(), MODEL, Map.of());

    assertThat(body.path("image_config").path("aspect_ratio").asText()).isEqualTo("8:1");
  }

  @Test
  void imageOnlyModelsAskForImagesOnlyAndImageAndTextModelsForBoth() {
    JsonNode flux = OpenRouterMapping.toBody(ImageRequest.builder("x").build(), "black-forest-labs/flux.2-pro",
        Map.of());
    JsonNode gemini = OpenRouterMapping.toBody(ImageRequest.builder("x").build(), "google/gemini-3.1-flash-image",
        Map.of());

    assertThat(flux.path("modalities").toString()).isEqualTo("[\"image\"]");
    assertThat(gemini.path("modalities").toString()).isEqualTo("[\"image\",\"text\"]");
  }

  @ParameterizedTest
  @CsvSource({"low, 512", "standard, 1K", "high, 2K", "hd, 4K"})
  void qualityBecomesTheImageSizeTheModelHas(String quality, String imageSize) {
    JsonNode body = OpenRouterMapping.toBody(ImageRequest.builder("x").quality(quality).build(),
        "google/gemini-3.1-flash-image", Map.of());

    assertThat(body.path("image_config").path("image_size").asText()).isEqualTo(imageSize);
  }

  @Test
  void noSizeOrAutoSendsNoImageConfig() {
    assertThat(OpenRouterMapping.toBody(ImageRequest.builder("x").build(), MODEL, Map.of()).has("image_config"))
        .isFalse();
    assertThat(OpenRouterMapping.toBody(ImageRequest.builder("x").size("auto").build(), MODEL, Map.of())
        .has("image_config")).isFalse();
  }

  @Test
  void answerMapsToOpenAiJsonWithRoundedTokensAndReportedCost() {
    OpenRouterWire.ChatResponse wire = wire(Fixtures.text("providers/openrouter/response.json"));

    ImageResponse response = OpenRouterMapping.toResponse(wire, OpenRouterMapping.images(wire, null), MODEL, 0);

    assertJsonMatches(Fixtures.tree(response.toOpenAiJson()), "providers/openrouter/response-expected.json");
    assertThat(response.cost()).isEqualTo(Cost.reported(new BigDecimal("0.0387")));
    assertThat(response.data().get(0).b64Json()).isEqualTo(MockServers.PNG_1X1);
  }

  @Test
  void dataUrisBecomeBase64AndHttpsUrlsStayUrls() {
    OpenRouterWire.ChatResponse wire = wire(Fixtures.text("providers/openrouter/url-response.json"));

    List<ImageData> images = OpenRouterMapping.images(wire, null);

    assertThat(images).hasSize(2);
    assertThat(images.get(0).url()).isEqualTo("https://cdn.example.com/img/1.png");
    assertThat(images.get(1).isUrl()).isFalse();
    assertThat(images.get(1).b64Json()).startsWith("UklGR");
    assertThat(images.get(1).format()).isEqualTo(ImageFormat.WEBP);
  }

  @Test
  void withoutUsageCostTheCostIsLeftToThePriceTable() {
    OpenRouterWire.ChatResponse wire = wire(Fixtures.text("providers/openrouter/url-response.json"));

    ImageResponse response = OpenRouterMapping.toResponse(wire, OpenRouterMapping.images(wire, null), MODEL, 0);

    assertThat(response.cost().source()).isNotEqualTo(Cost.Source.PROVIDER);
    assertThat(response.usage().isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "data:image/png,iVBOR | base64 (data:image/...;base64,...)",
      "ftp://example.com/x.png | data: URIs or http(s) URLs",
      "'' | image_url.url",
  })
  void malformedImageEntriesSayWhatWasExpected(String url, String expected) {
    OpenRouterWire.ChatResponse wire = choice("{\"message\":{\"images\":[{\"type\":\"image_url\",\"image_url\":"
        + "{\"url\":\"" + url + "\"}}]}}");

    assertThatThrownBy(() -> OpenRouterMapping.images(wire, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"finish_reason\":\"content_filter\",\"message\":{\"content\":null}} | finish_reason content_filter",
      "{\"finish_reason\":\"stop\",\"message\":{\"refusal\":\"I cannot draw that\"}} | I cannot draw that",
      "{\"finish_reason\":\"stop\",\"native_finish_reason\":\"IMAGE_SAFETY\",\"message\":{}} | IMAGE_SAFETY",
  })
  void refusalsAreRecognised(String choiceJson, String reason) {
    assertThat(OpenRouterMapping.refusal(choice(choiceJson))).hasValueSatisfying(r -> assertThat(r).contains(reason));
  }

  @Test
  void aPlainTextAnswerIsNotARefusal() {
    OpenRouterWire.ChatResponse wire = choice("{\"finish_reason\":\"stop\",\"native_finish_reason\":\"STOP\","
        + "\"message\":{\"content\":\"Sure! Imagine an otter.\"}}");

    assertThat(OpenRouterMapping.refusal(wire)).isEmpty();
    assertThat(OpenRouterMapping.images(wire, null)).isEmpty();
    assertThat(OpenRouterMapping.content(wire)).isEqualTo("Sure! Imagine an otter.");
  }
}
