package dev.imagegate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGateTest {
  private final ImageGate gate = ImageGate.builder().env(Env.of(Map.of())).build();

  @Test
  void asyncRunsOnVirtualThreads() {
    ImageRequest request = ImageRequest.builder("x").model("mock/m").size("8x8").build();

    var futures = List.of(gate.generateAsync(request), gate.generateAsync(request));

    assertThat(futures).allSatisfy(f -> assertThat(f.join().data()).hasSize(1));
  }

  @Test
  void asyncFailuresCarryTheTypedException() {
    var future = gate.generateAsync(ImageRequest.builder("x").model("nope/m").build());

    assertThat(future).failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(NotFound.class);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(future::join))
        .isInstanceOf(CompletionException.class).cause().isInstanceOf(ImageGateException.class);
  }

  @Test
  void savesImagesWithExtensionsFromTheirBytes(@TempDir Path dir) throws Exception {
    ImageResponse response = gate.generate(ImageRequest.builder("x").model("mock/m").n(2).size("8x8").build());

    List<Path> files = response.saveAll(dir, "cat");

    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("cat-1.png", "cat-2.png");
    assertThat(Files.readAllBytes(files.get(0))).isEqualTo(response.bytes(0));
  }

  @Test
  void toStringNeverPrintsBase64() {
    ImageResponse response = gate.generate(ImageRequest.builder("x").model("mock/m").size("8x8").build());

    assertThat(response.toString()).doesNotContain(response.data().get(0).b64Json().substring(0, 20))
        .contains("image/png");
  }

  @Test
  void latencyAndProviderAreReported() {
    ImageResponse response = gate.generate(ImageRequest.builder("x").model("mock/m").size("8x8").build());

    assertThat(response.latency().isNegative()).isFalse();
    assertThat(response.provider()).isEqualTo("mock");
    assertThat(response.model()).isEqualTo("m");
  }
}
