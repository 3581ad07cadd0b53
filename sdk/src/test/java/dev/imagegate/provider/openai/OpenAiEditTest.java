package dev.imagegate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Provider;
import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAI's edits (GPT image models: image[] multi-image, mask on the first) and dall-e-2's variations. */
class OpenAiEditTest extends OpenAiShapedEditContract {
  @Override
  protected Provider provider() {
    return new OpenAiProvider();
  }

  @Override
  protected String model() {
    return "gpt-image-2";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/v1").toString();
  }

  @Override
  protected String editPath() {
    return "/v1/images/edits";
  }

  @Test
  void severalImagesGoAsImageArrayWithTheMaskAndTheNativeFields() throws Exception {
    enqueueSuccess();
    byte[] first = Inputs.pngAlpha(64, 32);
    byte[] second = Inputs.jpeg(40, 40);
    byte[] mask = Inputs.pngAlpha(64, 32);

    edit(ImageRequest.builder("combine them").model("gpt-image-2").operation(Operation.EDIT)
        .image(Inputs.spooled(first, "a.png")).image(InputImage.of(second, "b.jpg"))
        .mask(InputImage.of(mask, "mask.png")).n(2).size("1024x1536").quality("high")
        .extra("background", "opaque").extra("output_compression", 80).build());

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test");
    FormParts form = FormParts.parse(recorded.getHeaders().get("Content-Type"), recorded.getBody().toByteArray());
    assertThat(form.names()).containsExactly("model", "prompt", "n", "size", "quality", "background",
        "output_compression", "image[]", "image[]", "mask");
    assertThat(form.text("model")).isEqualTo("gpt-image-2");
    assertThat(form.text("n")).isEqualTo("2");
    assertThat(form.text("output_compression")).isEqualTo("80");
    assertThat(form.all("image[]")).extracting(FormParts.Part::bytes).containsExactly(first, second);
    assertThat(form.all("image[]")).extracting(FormParts.Part::contentType).containsExactly("image/png",
        "image/jpeg");
    assertThat(form.first("mask").orElseThrow().bytes()).isEqualTo(mask);
  }

  @Test
  void goldenFormForOneImage() throws Exception {
    ImageRequest request = ImageRequest.builder("a hat").model("gpt-image-2").operation(Operation.EDIT)
        .image(InputImage.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "x.png")).user("u1").build();
    byte[] body = OpenAiMapping.toForm(request, "gpt-image-2", new OpenAiProvider().capabilities(
        dev.imagegate.testing.EditCalls.call(new OpenAiProvider(), "gpt-image-2", request, Map.of())),
        s -> s.wire(), Map.of(), new dev.imagegate.provider.Multipart("B")).body().readAll();

    assertThat(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(
        "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-image-2\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na hat\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nu1\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n"
            + "Content-Type: image/png\r\n\r\n\u0089PNG\r\n--B--\r\n");
  }

  @Test
  void tooManyImagesAreRefusedBeforeSending() {
    ImageRequest.Builder request = ImageRequest.builder("x").model("gpt-image-2").operation(Operation.EDIT);
    for (int i = 0; i < 17; i++) {
      request.image(InputImage.of(Inputs.pngAlpha(8, 8), "i" + i + ".png"));
    }

    BadRequest thrown = (BadRequest) catchThrowable(() -> edit(request.build()));

    assertThat(thrown.getMessage()).contains("17 given, at most 16");
    assertThat(thrown.param()).isEqualTo("image");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void maskMustBeAPngWithAlphaOfTheFirstImagesSize() {
    InputImage image = InputImage.of(Inputs.pngAlpha(64, 64), "a.png");
    for (InputImage mask : new InputImage[] {InputImage.of(Inputs.jpeg(64, 64)),
        InputImage.of(Inputs.pngOpaque(64, 64)), InputImage.of(Inputs.pngAlpha(32, 64))}) {
      BadRequest thrown = (BadRequest) catchThrowable(() -> edit(ImageRequest.builder("x").model("gpt-image-2")
          .operation(Operation.EDIT).image(image).mask(mask).build()));
      assertThat(thrown.param()).isEqualTo("mask");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nAndSizeAndQualityOutsideTheEditCapabilitiesAreRefused() {
    for (ImageRequest.Builder bad : new ImageRequest.Builder[] {editRequest().n(11), editRequest().size("999x999"),
        editRequest().quality("ultra")}) {
      assertThat(catchThrowable(() -> edit(bad.build()))).isInstanceOf(BadRequest.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aModelThatCannotEditIsRefusedNamingModelAndOperation() {
    BadRequest thrown = (BadRequest) catchThrowable(() -> run("dall-e-3",
        ImageRequest.builder("x").model("dall-e-3").operation(Operation.EDIT)
            .image(InputImage.of(Inputs.pngAlpha(8, 8))).build(), env(base())));

    assertThat(thrown.getMessage()).contains("openai/dall-e-3").contains("does not support edit");
    assertThat(thrown.param()).isEqualTo("model");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void dallE2VariationPostsOneSquarePngWithoutPrompt() throws Exception {
    enqueueSuccess();
    byte[] png = Inputs.pngOpaque(32, 32);

    run("dall-e-2", ImageRequest.builder().model("dall-e-2")
        .operation(Operation.VARIATION).image(InputImage.of(png, "v.png")).n(2).size("256x256").build(),
        env(base()));

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/images/variations");
    FormParts form = FormParts.parse(recorded.getHeaders().get("Content-Type"), recorded.getBody().toByteArray());
    assertThat(form.names()).containsExactly("model", "n", "size", "image");
    assertThat(form.first("image").orElseThrow().bytes()).isEqualTo(png);
  }

  @Test
  void variationOfANonSquareImageIsRefused() {
    BadRequest thrown = (BadRequest) catchThrowable(() -> run("dall-e-2",
        ImageRequest.builder().model("dall-e-2").operation(Operation.VARIATION)
            .image(InputImage.of(Inputs.pngOpaque(32, 16))).build(), env(base())));

    assertThat(thrown.getMessage()).contains("must be square");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void gptImageModelsServeNoVariations() {
    BadRequest thrown = (BadRequest) catchThrowable(() -> edit(ImageRequest.builder().model("gpt-image-2")
        .operation(Operation.VARIATION).image(InputImage.of(Inputs.pngOpaque(8, 8))).build()));

    assertThat(thrown.getMessage()).contains("does not support variation");
  }

  @Test
  void anOpenAiCompatibleServerTakesEditsAndVariationsPassedThrough() throws Exception {
    enqueueSuccess();
    enqueueSuccess();
    Map<String, String> env = Map.of("OPENAI_API_BASE", server.url("/compat/v1").toString());

    run("flux-kontext", ImageRequest.builder("x").model("flux-kontext")
        .operation(Operation.EDIT).image(InputImage.of(Inputs.webp(100, 50), "a.webp")).extra("strength", 0.6)
        .build(), env);
    run("flux-kontext", ImageRequest.builder().model("flux-kontext")
        .operation(Operation.VARIATION).image(InputImage.of(Inputs.jpeg(8, 8))).build(), env);

    mockwebserver3.RecordedRequest edit = server.takeRequest();
    assertThat(edit.getTarget()).isEqualTo("/compat/v1/images/edits");
    assertThat(edit.getHeaders().get("Authorization")).isNull();
    FormParts form = FormParts.parse(edit.getHeaders().get("Content-Type"), edit.getBody().toByteArray());
    assertThat(form.text("strength")).isEqualTo("0.6");
    assertThat(form.first("image").orElseThrow().contentType()).isEqualTo("image/webp");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/compat/v1/images/variations");
  }
}
