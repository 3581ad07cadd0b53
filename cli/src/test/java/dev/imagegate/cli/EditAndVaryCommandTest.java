package dev.imagegate.cli;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegate edit} and {@code imagegate vary}: files saved like generate's, the same exit codes. */
class EditAndVaryCommandTest {
  @TempDir
  Path dir;
  private MockWebServer server;
  private final CliRun cli = new CliRun();
  private Path cat;
  private Path mask;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    cat = Files.write(dir.resolve("cat.png"), Inputs.pngAlpha(32, 32));
    mask = Files.write(dir.resolve("mask.png"), Inputs.pngAlpha(32, 32));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> openAiEnv() {
    return Map.of("OPENAI_API_KEY", "sk-cli-test", "OPENAI_API_BASE", server.url("/v1").toString(),
        "IMAGEGATE_MODEL_CATALOG", GenerateCommandTest.DALL_E_STILL_SERVED);
  }

  @Test
  void editOnTheMockModelSavesOneFilePerImage() {
    int code = cli.run(Map.of(), "edit", "add a red hat", "--image", cat.toString(), "--model",
        "mock/imagegate-demo", "--n", "2", "--out", dir.resolve("out").toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(cli.stdout().lines()).hasSize(2).allSatisfy(line -> {
      assertThat(line).contains("add-a-red-hat-");
      assertThat(Path.of(line)).exists();
    });
    assertThat(cli.stderr()).contains("cost_usd=").contains("model=mock/imagegate-demo");
  }

  @Test
  void editSendsEveryImageAndTheMaskToOpenAi() throws Exception {
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
    Path second = Files.write(dir.resolve("two.jpg"), Inputs.jpeg(16, 16));

    int code = cli.run(openAiEnv(), "edit", "a gift basket", "--image", cat.toString(), "--image",
        second.toString(), "--mask", mask.toString(), "--model", "gpt-image-1", "--param", "input_fidelity=high",
        "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/images/edits");
    FormParts form = FormParts.parse(sent.getHeaders().get("Content-Type"), sent.getBody().toByteArray());
    assertThat(form.all("image[]")).extracting(FormParts.Part::bytes)
        .containsExactly(Files.readAllBytes(cat), Files.readAllBytes(second));
    assertThat(form.first("mask").orElseThrow().bytes()).isEqualTo(Files.readAllBytes(mask));
    assertThat(form.text("input_fidelity")).isEqualTo("high");
    assertThat(Path.of(cli.stdout().trim())).hasFileName("a-gift-basket.png").exists();
  }

  @Test
  void varySavesFilesNamedAfterTheImage() {
    int code = cli.run(Map.of(), "vary", "--image", cat.toString(), "--model", "mock/imagegate-demo", "--out",
        dir.resolve("v").toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(Path.of(cli.stdout().trim())).hasFileName("cat-variation.png").exists();
  }

  @Test
  void validationErrorsExitWith2AndSendNothing() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    assertThat(cli.run(openAiEnv(), "edit", "x", "--image", text.toString(), "--model", "gpt-image-1")).isEqualTo(2);
    assertThat(cli.stderr()).contains("image");
    cli.reset();
    assertThat(cli.run(openAiEnv(), "edit", "x", "--image", dir.resolve("missing.png").toString(), "--model",
        "gpt-image-1")).isEqualTo(2);
    cli.reset();
    assertThat(cli.run(openAiEnv(), "vary", "--image", cat.toString(), "--model", "gpt-image-1")).isEqualTo(2);
    assertThat(cli.stderr()).contains("variation");
    cli.reset();
    assertThat(cli.run(openAiEnv(), "edit", "x", "--model", "gpt-image-1")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--image");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void providerErrorsExitWith3() {
    server.enqueue(json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    server.enqueue(json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    server.enqueue(json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    assertThat(cli.run(openAiEnv(), "edit", "x", "--image", cat.toString(), "--model", "gpt-image-1"))
        .as(cli.stderr()).isEqualTo(3);
  }
}
