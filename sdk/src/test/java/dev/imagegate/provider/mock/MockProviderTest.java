package dev.imagegate.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Env;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MockProviderTest {
  private final ImageGate gate = ImageGate.builder().env(Env.of(Map.of())).build();

  @Test
  void drawsRealPngsOfTheRequestedSizeAndCount() throws Exception {
    ImageResponse response = gate.generate(ImageRequest.builder("a blue cat").model("mock/any").n(3).size("320x200")
        .build());

    assertThat(response.data()).hasSize(3);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.bytes(0)));
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(200);
    assertThat(response.bytes(0)).isNotEqualTo(response.bytes(1));
    assertThat(response.provider()).isEqualTo("mock");
    assertThat(response.cost().usd()).contains(BigDecimal.ZERO);
  }

  @Test
  void sameInputsGiveTheSameBytesAndTheSeedChangesThem() {
    ImageRequest request = ImageRequest.builder("a blue cat").model("mock/x").size("64x64").extra("seed", 5).build();

    byte[] first = gate.generate(request).bytes();
    byte[] again = gate.generate(request).bytes();
    byte[] otherSeed = gate.generate(request.toBuilder().extra("seed", 6).build()).bytes();
    byte[] otherPrompt = gate.generate(request.toBuilder().prompt("a red cat").build()).bytes();

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    assertThat(otherPrompt).isNotEqualTo(first);
  }

  @Test
  void defaultsTo1024SquareAndHonoursAspectRatios() throws Exception {
    BufferedImage square = ImageIO.read(new ByteArrayInputStream(
        gate.generate(ImageRequest.builder("x").model("mock/m").build()).bytes()));
    BufferedImage wide = ImageIO.read(new ByteArrayInputStream(
        gate.generate(ImageRequest.builder("x").model("mock/m").size("16:9").build()).bytes()));

    assertThat(square.getWidth()).isEqualTo(1024);
    assertThat(square.getHeight()).isEqualTo(1024);
    assertThat(wide.getWidth()).isEqualTo(1024);
    assertThat(wide.getHeight()).isEqualTo(576);
  }

  @Test
  void urlFormatGivesDataUrls() {
    ImageResponse response = gate.generate(ImageRequest.builder("x").model("mock/m").size("8x8")
        .responseFormat("url").build());

    assertThat(response.data().get(0).url()).startsWith("data:image/png;base64,");
    assertThat(response.toOpenAiJson()).contains("\"url\":\"data:image/png;base64,");
  }

  @Test
  void hugeSizesAndBadSeedsAreBadRequests() {
    BadRequest size = catchThrowableOfType(BadRequest.class,
        () -> gate.generate(ImageRequest.builder("x").model("mock/m").size("9000x9000").build()));
    BadRequest seed = catchThrowableOfType(BadRequest.class,
        () -> gate.generate(ImageRequest.builder("x").model("mock/m").extra("seed", "abc").build()));

    assertThat(size.param()).isEqualTo("size");
    assertThat(seed.param()).isEqualTo("seed");
  }
}
