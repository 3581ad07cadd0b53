package dev.imagegate.provider.xinference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.openai.OpenAiShapedEditContract;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Xinference: image-to-image on {@code /images/variations}, inpainting on {@code /images/inpainting}. */
class XinferenceEditTest extends OpenAiShapedEditContract {
  @Override
  protected Provider provider() {
    return new XinferenceProvider();
  }

  @Override
  protected String model() {
    return "sd3";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("XINFERENCE_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/v1").toString();
  }

  @Override
  protected String editPath() {
    return "/v1/images/variations";
  }

  @Test
  void maskedEditIsInpaintingWithMaskImageSizeAsWxHAndKwargs() throws Exception {
    enqueueSuccess();
    byte[] mask = Inputs.pngOpaque(64, 64);

    edit(editRequest().mask(InputImage.of(mask, "m.png")).size("512x512").extra("num_inference_steps", 20).build());

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/images/inpainting");
    FormParts form = FormParts.parse(recorded.getHeaders().get("Content-Type"), recorded.getBody().toByteArray());
    assertThat(form.text("size")).isEqualTo("512*512");
    assertThat(form.text("kwargs")).isEqualTo("{\"num_inference_steps\":20}");
    assertThat(form.first("mask_image").orElseThrow().bytes()).isEqualTo(mask);
    assertThat(form.first("mask")).isEmpty();
  }

  @Test
  void variationGoesToVariationsWithoutPrompt() throws Exception {
    enqueueSuccess();

    EditCalls.run(provider(), "sd3", ImageRequest.builder().model("sd3").operation(Operation.VARIATION)
        .image(InputImage.of(Inputs.jpeg(16, 16), "a.jpg")).build(), env(base()));

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/images/variations");
    FormParts form = FormParts.parse(recorded.getHeaders().get("Content-Type"), recorded.getBody().toByteArray());
    assertThat(form.first("prompt")).isEmpty();
    assertThat(form.text("model")).isEqualTo("sd3");
  }
}
