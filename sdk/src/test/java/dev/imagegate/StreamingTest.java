package dev.imagegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.Cancelled;
import dev.imagegate.provider.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streamed calls through the SDK client to a model that cannot stream (the mock provider): completed events, then
 * the finished response; the checks before sending; a listener that throws; the iterable form.
 */
class StreamingTest {
  private final ImageGate gate = ImageGate.builder().env(Env.of(Map.of())).build();

  @Test
  void aModelThatCannotStreamAnswersWithOneCompletedEventPerImageThenTheResponse() {
    List<ImageEvent> events = new ArrayList<>();
    ImageResponse response = gate.generateStreaming(
        ImageRequest.builder("x").model("mock/m").n(2).size("8x8").build(), 2, events::add);

    assertThat(events).hasSize(3);
    assertThat(events.get(0)).isInstanceOfSatisfying(ImageEvent.CompletedImage.class, c -> {
      assertThat(c.type()).isEqualTo("image_generation.completed");
      assertThat(c.index()).isZero();
      assertThat(c.streamedUpstream()).isFalse();
      assertThat(c.image().bytes()).isEqualTo(response.bytes(0));
      assertThat(c.fields()).containsEntry("size", "8x8").containsEntry("output_format", "png");
    });
    assertThat(((ImageEvent.CompletedImage) events.get(1)).index()).isEqualTo(1);
    assertThat(events.get(2)).isEqualTo(new ImageEvent.Finished(Operation.GENERATE, response));
    assertThat(response.data()).hasSize(2);
  }

  @Test
  void partialImagesOutsideZeroToThreeAndVariationsAreRefusedBeforeSending() {
    ImageRequest request = ImageRequest.builder("x").model("mock/m").size("8x8").build();
    assertThatThrownBy(() -> gate.generateStreaming(request, 4, e -> { }))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.param()).isEqualTo("partial_images"));
    assertThatThrownBy(() -> gate.generateStreaming(request, -1))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.param()).isEqualTo("partial_images"));
    ImageRequest variation = ImageRequest.builder().model("mock/m").operation(Operation.VARIATION)
        .image(InputImage.of(dev.imagegate.testing.Inputs.pngOpaque(8, 8))).build();
    assertThatThrownBy(() -> gate.generateStreaming(variation, 0, e -> { }))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.param()).isEqualTo("stream"));
  }

  @Test
  void aListenerThatThrowsCancelsTheCall() {
    ImageRequest request = ImageRequest.builder("x").model("mock/m").size("8x8").build();
    assertThatThrownBy(() -> gate.generateStreaming(request, 0, e -> {
      throw new IllegalStateException("client gone");
    })).isInstanceOfSatisfying(Cancelled.class, e -> {
      assertThat(e.status()).isEqualTo(499);
      assertThat(e.getMessage()).contains("stopped receiving");
    });
  }

  @Test
  void theIterableFormHandsOverEachEventAndEndsWithTheResponse() {
    List<String> types = new ArrayList<>();
    try (ImageStream events = gate.generateStreaming(
        ImageRequest.builder("x").model("mock/m").size("8x8").build(), 1)) {
      for (ImageEvent event : events) {
        types.add(event.type());
      }
    }
    assertThat(types).containsExactly("image_generation.completed", "image_generation.finished");
  }
}
