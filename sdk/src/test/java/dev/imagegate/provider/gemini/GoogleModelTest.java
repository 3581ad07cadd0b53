package dev.imagegate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.Size;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.gemini.GoogleModel.Family;
import dev.imagegate.provider.gemini.GoogleModel.FrontDoor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoogleModelTest {

  @ParameterizedTest
  @CsvSource({
      "imagen-4.0-generate-001, IMAGEN",
      "imagen-4.0-ultra-generate-001, IMAGEN",
      "imagen-3.0-fast-generate-001, IMAGEN",
      "imagegeneration@006, IMAGEN",
      "gemini-2.5-flash-image, GEMINI_IMAGE",
      "gemini-2.0-flash-preview-image-generation, GEMINI_IMAGE",
      "gemini-3-pro-image-preview, GEMINI_IMAGE"})
  void familyFollowsTheName(String model, Family family) {
    assertThat(GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", model).family()).isEqualTo(family);
  }

  @Test
  void aNameInNeitherFamilyIsNotFoundNamingBoth() {
    NotFound e = catchThrowableOfType(NotFound.class,
        () -> GoogleModel.of(FrontDoor.GEMINI_API, "gemini", "gemini-2.5-pro"));

    assertThat(e.getMessage()).contains("'gemini-2.5-pro'").contains("imagen-*")
        .contains("gemini-*-image*").contains(":predict").contains(":generateContent")
        .contains("gemini-3.1-flash-image");
    assertThat(e.provider()).isEqualTo("gemini");
    assertThat(e.model()).contains("gemini-2.5-pro");
  }

  @ParameterizedTest
  @CsvSource({
      "1024x1024, 1:1", "1792x1024, 16:9", "1536x1024, 16:9", "1024x1792, 9:16", "1024x1536, 9:16",
      "1280x896, 4:3", "896x1280, 3:4", "2048x1536, 4:3", "16:9, 16:9", "3:4, 3:4"})
  void imagenSizesMapToItsRatiosExactly(String size, String ratio) {
    GoogleModel model = GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", "imagen-4.0-generate-001");

    assertThat(model.aspectRatio(Size.parse(size))).isEqualTo(new GoogleModel.AspectRatio(ratio, false));
  }

  @ParameterizedTest
  @CsvSource({"1536x1024, 3:2", "1024x1536, 2:3", "1792x1024, 16:9", "2100x900, 21:9", "4:5, 4:5"})
  void geminiImageModelsUseTheirWiderSetOfRatios(String size, String ratio) {
    GoogleModel model = GoogleModel.of(FrontDoor.GEMINI_API, "gemini", "gemini-2.5-flash-image");

    assertThat(model.aspectRatio(Size.parse(size))).isEqualTo(new GoogleModel.AspectRatio(ratio, false));
  }

  @Test
  void otherSizesTakeTheNearestRatioAndSaySo() {
    GoogleModel imagen = GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", "imagen-3.0-generate-002");

    assertThat(imagen.aspectRatio(Size.parse("1000x600"))).isEqualTo(new GoogleModel.AspectRatio("16:9", true));
    assertThat(imagen.aspectRatio(Size.parse("21:9"))).isEqualTo(new GoogleModel.AspectRatio("16:9", true));
    assertThat(imagen.aspectRatio(Size.parse("512x700"))).isEqualTo(new GoogleModel.AspectRatio("3:4", true));
    assertThat(imagen.aspectRatio(Size.AUTO)).isNull();
    assertThat(imagen.aspectRatio(null)).isNull();
  }

  @Test
  void qualityMapsToResolutionOnlyWhereTheModelTakesOne() {
    GoogleModel imagen4 = GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", "imagen-4.0-ultra-generate-001");
    GoogleModel imagen4Fast = GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", "imagen-4.0-fast-generate-001");
    GoogleModel pro = GoogleModel.of(FrontDoor.GEMINI_API, "gemini", "gemini-3-pro-image-preview");
    GoogleModel flash = GoogleModel.of(FrontDoor.GEMINI_API, "gemini", "gemini-2.5-flash-image");

    assertThat(imagen4.imageSize("standard")).isEqualTo("1K");
    assertThat(imagen4.imageSize("high")).isEqualTo("2K");
    assertThat(imagen4.imageSize("hd")).isEqualTo("2K");
    assertThat(imagen4.imageSize("auto")).isNull();
    assertThat(pro.imageSize("medium")).isEqualTo("1K");
    assertThat(pro.imageSize("high")).isEqualTo("2K");
    assertThat(pro.imageSize("hd")).isEqualTo("4K");
    assertThat(imagen4Fast.takesImageSize()).isFalse();
    assertThat(flash.takesImageSize()).isFalse();
    assertThat(flash.imageSize("standard")).isNull();
    assertThat(flash.capabilities().qualities().describe()).isEqualTo("auto, standard");
    assertThat(pro.capabilities().qualities().accepts("hd")).isTrue();
  }

  /** google.md marks sampleImageSize on the Gemini API as UNCONFIRMED: the constant decides, this pins it. */
  @Test
  void geminiApiSampleImageSizeFollowsTheUnconfirmedSwitch() {
    GoogleModel viaGeminiApi = GoogleModel.of(FrontDoor.GEMINI_API, "gemini", "imagen-4.0-generate-001");
    GoogleModel viaVertex = GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", "imagen-4.0-generate-001");

    assertThat(viaVertex.takesImageSize()).isTrue();
    assertThat(viaGeminiApi.takesImageSize()).isEqualTo(GoogleModel.GEMINI_API_TAKES_SAMPLE_IMAGE_SIZE);
    assertThat(viaGeminiApi.capabilities().qualities().accepts("hd"))
        .isEqualTo(GoogleModel.GEMINI_API_TAKES_SAMPLE_IMAGE_SIZE);
  }

  @Test
  void imagenServesUpToFourPerCallAndGeminiImageModelsFanOut() {
    assertThat(GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", "imagen-4.0-generate-001").capabilities().maxN())
        .isEqualTo(4);
    assertThat(GoogleModel.of(FrontDoor.VERTEX, "vertex_ai", "gemini-2.5-flash-image").capabilities().maxN())
        .isEqualTo(10);
  }
}
