package dev.imagegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.InlineJson;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.Multipart;
import dev.imagegate.provider.StreamedBody;
import dev.imagegate.testing.Inputs;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Input images: format by magic bytes, header size and alpha, and the streamed bodies built from them. */
class InputImageTest {
  @Test
  void formatComesFromTheBytesNotTheName() {
    assertThat(InputImage.of(Inputs.jpeg(4, 4), "lies.png").format()).isEqualTo(ImageFormat.JPEG);
    assertThat(InputImage.of("hello".getBytes(), "a.png").format()).isEqualTo(ImageFormat.UNKNOWN);
    assertThat(InputImage.of(Inputs.webp(4, 4)).format()).isEqualTo(ImageFormat.WEBP);
    assertThat(InputImage.of(Inputs.pngAlpha(4, 4)).name()).isEqualTo("image.png");
  }

  @Test
  void headersGiveSizeAndAlpha() {
    assertThat(InputImage.of(Inputs.pngAlpha(300, 200)).header()).isEqualTo(new ImageHeader(300, 200, true));
    assertThat(InputImage.of(Inputs.pngOpaque(30, 20)).header()).isEqualTo(new ImageHeader(30, 20, false));
    assertThat(InputImage.of(Inputs.jpeg(123, 45)).header()).isEqualTo(new ImageHeader(123, 45, false));
    assertThat(InputImage.of(Inputs.webp(640, 480)).header()).isEqualTo(new ImageHeader(640, 480, true));
    assertThat(Inputs.spooled(Inputs.pngAlpha(7, 9), "x.png").header()).isEqualTo(new ImageHeader(7, 9, true));
    assertThat(InputImage.of("junk".getBytes()).header().known()).isFalse();
  }

  @Test
  void aMissingFileIsABadRequest() {
    assertThat(catchThrowable(() -> InputImage.of(java.nio.file.Path.of("/nonexistent/x.png"))))
        .isInstanceOf(BadRequest.class);
  }

  @Test
  void streamedBase64MatchesTheJdkEncoderAtEveryLengthAndAcrossBlocks() throws Exception {
    Random random = new Random(1);
    for (int size : new int[] {0, 1, 2, 3, 4, 49151, 49152, 49153, 200_001}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      StreamedBody body = new StreamedBody(List.of(new StreamedBody.Base64Of(Inputs.spooled(data, "d"))));
      byte[] encoded = body.readAll();
      assertThat(encoded).isEqualTo(Base64.getEncoder().encode(data));
      assertThat(body.length()).isEqualTo(encoded.length);
    }
  }

  @Test
  void multipartLengthIsExactAndFilesAreCopiedByteForByte() throws Exception {
    byte[] png = Inputs.pngAlpha(50, 50);
    StreamedBody body = new Multipart("XyZ").field("prompt", "a \"quoted\" cat").file("image[]",
        Inputs.spooled(png, "c\"at.png")).body();

    byte[] all = body.readAll();

    assertThat(body.length()).isEqualTo(all.length);
    assertThat(new String(all, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("filename=\"c%22at.png\"").endsWith("--XyZ--\r\n");
  }

  @Test
  void inlineJsonPutsBase64WherePlaceholdersWere() throws Exception {
    byte[] png = Inputs.pngAlpha(10, 10);
    InlineJson inline = new InlineJson();
    var tree = Json.object();
    tree.put("url", inline.placeholder("data:image/png;base64,", InputImage.of(png)));
    tree.put("after", 1);

    byte[] written = inline.body(tree).readAll();

    assertThat(new String(written)).isEqualTo("{\"url\":\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\",\"after\":1}");
  }

  @Test
  void operationsNameTheirSpendCallTypes() {
    assertThat(Operation.GENERATE.callType()).isEqualTo("image_generation");
    assertThat(Operation.EDIT.callType()).isEqualTo("image_edit");
    assertThat(Operation.VARIATION.callType()).isEqualTo("image_variation");
    assertThat(Operation.parse("Edit")).isEqualTo(Operation.EDIT);
    assertThat(catchThrowable(() -> Operation.parse("upscale"))).isInstanceOf(BadRequest.class);
  }

  @Test
  void requestRulesThatHoldForEveryModel() {
    InputImage image = InputImage.of(Inputs.pngAlpha(4, 4));
    assertThat(catchThrowable(() -> EditRequest.builder("x").build())).isInstanceOf(BadRequest.class)
        .hasMessageContaining("image is required");
    assertThat(catchThrowable(() -> ImageRequest.builder("x").image(image).build()))
        .hasMessageContaining("only taken by edits and variations");
    assertThat(catchThrowable(() -> VariationRequest.builder(image).mask(image).build()))
        .hasMessageContaining("mask is only taken by edits");
    assertThat(VariationRequest.of(VariationRequest.builder(image).model("dall-e-2")).request().prompt()).isEmpty();
    assertThat(EditRequest.of(EditRequest.builder("x").image(image)).request().toBuilder().build().images())
        .containsExactly(image);
    assertThat(ImageRequest.builder("x").build().operation()).isEqualTo(Operation.GENERATE);
  }
}
