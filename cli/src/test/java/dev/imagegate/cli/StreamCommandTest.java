package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --stream} and {@code edit --stream} on a model that cannot stream (the mock provider): a line per
 * completed event, the final files saved as without {@code --stream}, the note that no partials came; and the flags'
 * bad values, refused before anything is sent.
 */
class StreamCommandTest {
  @TempDir
  Path dir;
  private final CliRun cli = new CliRun();

  @Test
  void aModelThatCannotStreamShowsOneCompletedLinePerImageAndSavesTheFilesAsUsual() throws Exception {
    int code = cli.run(Map.of(), "generate", "two boats", "--model", "mock/demo", "--n", "2", "--size", "16x16",
        "--stream", "--partial-images", "2", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(cli.stdout().lines()).containsExactly(dir.resolve("two-boats-1.png").toString(),
        dir.resolve("two-boats-2.png").toString());
    assertThat(cli.stderr().lines().filter(line -> line.startsWith("image_generation.")))
        .hasSize(2)
        .satisfies(lines -> {
          assertThat(lines.get(0)).matches("image_generation\\.completed index=0 bytes=\\d+ elapsed_ms=\\d+");
          assertThat(lines.get(1)).matches("image_generation\\.completed index=1 bytes=\\d+ elapsed_ms=\\d+");
        });
    int bytes = Integer.parseInt(cli.stderr().replaceAll("(?s).*?index=0 bytes=(\\d+).*", "$1"));
    assertThat(Files.size(dir.resolve("two-boats-1.png"))).isEqualTo(bytes);
    assertThat(cli.stderr()).contains("note: this model cannot stream").contains("cost_usd=0 model=mock/demo");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).noneMatch(file -> file.toString().contains("partial"));
    }
  }

  @Test
  void withoutPartialImagesThereIsNoNoteAndJsonPrintsTheResponseAndSavesNothing() throws Exception {
    int code = cli.run(Map.of(), "generate", "a boat", "--model", "mock/demo", "--size", "8x8", "--stream",
        "--json", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(Fixtures.tree(cli.stdout()).path("data").get(0).path("b64_json").asText()).startsWith("iVBORw0KGgo");
    assertThat(cli.stderr()).containsPattern("image_generation\\.completed index=0 bytes=\\d+ elapsed_ms=\\d+\n")
        .doesNotContain("note:");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void editStreamsImageEditEvents() throws Exception {
    Path cat = Files.write(dir.resolve("cat.png"), Inputs.pngAlpha(16, 16));

    int code = cli.run(Map.of(), "edit", "add a hat", "--image", cat.toString(), "--model", "mock/demo",
        "--stream", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(cli.stderr()).containsPattern("image_edit\\.completed index=0 bytes=\\d+ elapsed_ms=\\d+");
    assertThat(dir.resolve("add-a-hat.png")).exists();
  }

  @Test
  void throughAConfigsRouterTheEventsComeTheSameWay() throws Exception {
    Path config = Files.writeString(dir.resolve("config.yaml"), """
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
        """);

    int code = cli.run(Map.of(), "generate", "a lighthouse", "--config", config.toString(), "--model", "demo",
        "--size", "8x8", "--stream", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(cli.stderr()).containsPattern("image_generation\\.completed index=0 bytes=\\d+")
        .contains("deployment=");
    assertThat(cli.stdout().strip()).isEqualTo(dir.resolve("a-lighthouse.png").toString());
  }

  @Test
  void badStreamFlagsAreUsageErrorsAndNothingRuns() throws Exception {
    assertThat(cli.run(Map.of(), "generate", "x", "--model", "mock/demo", "--stream", "--partial-images", "4",
        "--out", dir.toString())).isEqualTo(2);
    assertThat(cli.stderr()).contains("--partial-images must be 0 to 3, got 4");

    assertThat(cli.run(Map.of(), "generate", "x", "--model", "mock/demo", "--stream", "--partial-images", "-1",
        "--out", dir.toString())).isEqualTo(2);
    assertThat(cli.stderr()).contains("--partial-images must be 0 to 3, got -1");

    assertThat(cli.run(Map.of(), "generate", "x", "--model", "mock/demo", "--stream", "--partial-images", "two",
        "--out", dir.toString())).isEqualTo(2);
    assertThat(cli.stderr()).contains("'two' is not an int");

    assertThat(cli.run(Map.of(), "generate", "x", "--model", "mock/demo", "--partial-images", "1",
        "--out", dir.toString())).isEqualTo(2);
    assertThat(cli.stderr()).contains("--partial-images needs --stream");

    Path cat = Files.write(dir.resolve("cat.png"), Inputs.pngAlpha(16, 16));
    cli.reset();
    assertThat(cli.run(Map.of(), "vary", "--image", cat.toString(), "--model", "mock/demo", "--stream",
        "--out", dir.toString())).isEqualTo(2);
    assertThat(cli.stderr()).contains("--stream is not available for vary").contains("generations and edits");
    assertThat(cli.stdout()).isEmpty();

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(cat);
    }
  }

  @Test
  void helpNamesTheStreamFlags() {
    assertThat(cli.run(Map.of(), "generate", "--help")).isZero();
    assertThat(cli.stdout()).contains("--stream").contains("--partial-images");
  }
}
