package dev.imagegate.provider.recraft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.openai.OpenAiShapedEditContract;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recraft's edit tools: imageToImage, inpaint (mask), replaceBackground and generateBackground. */
class RecraftEditTest extends OpenAiShapedEditContract {
  @Override
  protected Provider provider() {
    return new RecraftProvider();
  }

  @Override
  protected String model() {
    return "recraftv3";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("RECRAFT_API_KEY", "rc-test", "RECRAFT_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/").toString();
  }

  @Override
  protected String editPath() {
    return "/v1/images/imageToImage";
  }

  @Test
  void imageToImageCarriesStrengthAndStyle() throws Exception {
    enqueueSuccess();

    edit(editRequest().style("digital_illustration").extra("strength", 0.3).build());

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer rc-test");
    FormParts form = FormParts.parse(recorded.getHeaders().get("Content-Type"), recorded.getBody().toByteArray());
    assertThat(form.text("strength")).isEqualTo("0.3");
    assertThat(form.text("style")).isEqualTo("digital_illustration");
    assertThat(form.text("model")).isEqualTo("recraftv3");
  }

  @Test
  void aMaskMakesAnInpaintWithTheMaskPart() throws Exception {
    enqueueSuccess();
    byte[] mask = Inputs.pngOpaque(64, 64);

    edit(editRequest().mask(InputImage.of(mask, "m.png")).build());

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/images/inpaint");
    FormParts form = FormParts.parse(recorded.getHeaders().get("Content-Type"), recorded.getBody().toByteArray());
    assertThat(form.first("mask").orElseThrow().bytes()).isEqualTo(mask);
  }

  @Test
  void theToolSettingPicksReplaceBackgroundAndIsNotForwarded() throws Exception {
    enqueueSuccess();

    edit(editRequest().extra("recraft_tool", "replaceBackground").build());

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/images/replaceBackground");
    assertThat(new String(recorded.getBody().toByteArray())).doesNotContain("recraft_tool");
  }

  @Test
  void maskOfAnotherSizeOrAToolThatNeedsOneAreRefused() {
    for (ImageRequest bad : new ImageRequest[] {
        editRequest().mask(InputImage.of(Inputs.pngOpaque(32, 64))).build(),
        editRequest().extra("recraft_tool", "generateBackground").build(),
        editRequest().extra("recraft_tool", "erase").build()}) {
      assertThat(catchThrowable(() -> edit(bad))).isInstanceOf(BadRequest.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void v4TakesNoMaskAndNoModelVaries() {
    assertThat(catchThrowable(() -> EditCalls.run(provider(), "recraftv4", ImageRequest.builder("x")
        .model("recraftv4").operation(Operation.EDIT).image(InputImage.of(Inputs.pngOpaque(8, 8)))
        .mask(InputImage.of(Inputs.pngOpaque(8, 8))).build(), env(base())))).isInstanceOf(BadRequest.class);
    assertThat(catchThrowable(() -> edit(ImageRequest.builder().model("recraftv3").operation(Operation.VARIATION)
        .image(InputImage.of(Inputs.pngOpaque(8, 8))).build()))).hasMessageContaining("does not support variation");
    assertThat(server.getRequestCount()).isZero();
  }
}
