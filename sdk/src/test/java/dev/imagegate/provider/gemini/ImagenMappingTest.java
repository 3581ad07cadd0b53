package dev.imagegate.provider.gemini;

import static dev.imagegate.testing.Fixtures.assertJsonMatches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.provider.gemini.GoogleModel.FrontDoor;
import dev.imagegate.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagenMappingTest {
  private static final GoogleModel IMAGEN_4 = GoogleModel.of(FrontDoor.VERTEX, "vertex_ai",
      "imagen-4.0-generate-001");

  @Test
  void requestMapsSizeQualityAndNAndPutsExtrasInParameters() {
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("personGeneration", "allow_adult");
    extras.put("seed", 42);
    extras.put("addWatermark", false);
    ImageRequest request = ImageRequest.builder("a lighthouse at dawn, oil painting").n(2).size("1792x1024")
        .quality("hd").extras(extras).build();

    assertJsonMatches(ImagenMapping.toBody(request, IMAGEN_4, request.extras()),
        "providers/gemini/imagen-request.json");
  }

  @Test
  void sampleCountIsAlwaysSentBecauseTheApiDefaultsToFour() {
    ImageRequest request = ImageRequest.builder("a fox").build();

    var body = ImagenMapping.toBody(request, IMAGEN_4, Map.of());

    assertThat(body.path("parameters").path("sampleCount").asInt()).isEqualTo(1);
    assertThat(body.path("parameters").has("aspectRatio")).isFalse();
    assertThat(body.path("parameters").has("sampleImageSize")).isFalse();
  }

  @Test
  void extrasWinOverMappedFields() {
    ImageRequest request = ImageRequest.builder("a fox").quality("hd").extra("sampleImageSize", "1K").build();

    var body = ImagenMapping.toBody(request, IMAGEN_4, request.extras());

    assertThat(body.path("parameters").path("sampleImageSize").asText()).isEqualTo("1K");
  }

  @Test
  void responseKeepsEveryImageAndTheEnhancedPromptAsRevisedPrompt() {
    GoogleOutcome outcome = ImagenMapping.fromResponse(Fixtures.json("providers/gemini/imagen-response.json"),
        "vertex_ai", "imagen-4.0-generate-001", 1700000000L);

    GoogleOutcome.Images images = (GoogleOutcome.Images) outcome;
    assertThat(images.filteredReasons()).isEmpty();
    assertThat(images.response().provider()).isEqualTo("vertex_ai");
    assertJsonMatches(Fixtures.tree(images.response().toOpenAiJson()), "providers/gemini/imagen-expected.json");
    assertThat(images.response().bytes(1)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void filteredPredictionsAreCountedWithTheirReason() {
    GoogleOutcome outcome = ImagenMapping.fromResponse(
        Fixtures.json("providers/gemini/imagen-partly-filtered-response.json"), "gemini", "imagen-3.0-generate-002",
        0);

    GoogleOutcome.Images images = (GoogleOutcome.Images) outcome;
    assertThat(images.response().data()).hasSize(1);
    assertThat(images.filteredReasons()).singleElement().asString().contains("violent content");
  }

  @Test
  void noImagesIsARefusalWithGooglesReasonWhenGiven() {
    GoogleOutcome withReason = ImagenMapping.fromResponse(Fixtures.tree(
        "{\"predictions\":[{\"raiFilteredReason\":\"Unable to show generated images. Support codes: 39322892\"}]}"),
        "gemini", "m", 0);
    GoogleOutcome withoutReason = ImagenMapping.fromResponse(Fixtures.tree("{}"), "gemini", "m", 0);

    assertThat(withReason).isEqualTo(
        new GoogleOutcome.Refused("Unable to show generated images. Support codes: 39322892"));
    assertThat(((GoogleOutcome.Refused) withoutReason).reason()).contains("Responsible AI")
        .contains("includeRaiReason");
  }

  @Test
  void predictionsThatAreNotAnArrayAreMalformed() {
    GoogleOutcome outcome = ImagenMapping.fromResponse(Fixtures.tree("{\"predictions\":\"oops\"}"), "gemini", "m",
        0);

    assertThat(outcome).isInstanceOf(GoogleOutcome.Malformed.class);
    assertThat(((GoogleOutcome.Malformed) outcome).expected()).contains("predictions array");
  }
}
