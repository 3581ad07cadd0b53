package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --stream} and {@code edit --stream} against a local server streaming OpenAI's image events, as
 * gpt-image-2 does: each partial saved beside the final file and shown on its own line, the final file saved as
 * without {@code --stream}, an error event after a partial ending the command with exit 3.
 */
class OpenAiStreamCliTest {
  private static final byte[] PARTIAL_0 = Inputs.pngOpaque(4, 4);
  private static final byte[] PARTIAL_1 = Inputs.pngOpaque(6, 6);
  private static final byte[] FINAL = Inputs.pngOpaque(8, 8);

  @TempDir
  Path dir;
  private MockWebServer server;
  private final CliRun cli = new CliRun();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env() {
    return Map.of("OPENAI_API_KEY", "sk-cli-test", "OPENAI_API_BASE", server.url("/v1").toString());
  }

  private static String event(String type, byte[] image, String more) {
    return "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"b64_json\":\""
        + Base64.getEncoder().encodeToString(image) + "\",\"created_at\":1796083200,\"size\":\"1024x1024\","
        + "\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\"" + more + "}\n\n";
  }

  private static MockResponse stream(String... events) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
        .body(String.join("", events)).build();
  }

  private static final String USAGE = ",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"text_tokens\":12,"
      + "\"image_tokens\":0},\"output_tokens\":472,\"output_tokens_details\":{\"image_tokens\":472,"
      + "\"text_tokens\":0},\"total_tokens\":484}";

  @Test
  void partialsAreSavedBesideTheFinalFileWithALinePerEvent() throws Exception {
    server.enqueue(stream(event("image_generation.partial_image", PARTIAL_0, ",\"partial_image_index\":0"),
        event("image_generation.partial_image", PARTIAL_1, ",\"partial_image_index\":1"),
        event("image_generation.completed", FINAL, USAGE)));

    int code = cli.run(env(), "generate", "A red fox", "--model", "gpt-image-2", "--size", "1024x1024",
        "--quality", "low", "--stream", "--partial-images", "2", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("a-red-fox.partial-0.png"))).isEqualTo(PARTIAL_0);
    assertThat(Files.readAllBytes(dir.resolve("a-red-fox.partial-1.png"))).isEqualTo(PARTIAL_1);
    assertThat(Files.readAllBytes(dir.resolve("a-red-fox.png"))).isEqualTo(FINAL);
    assertThat(cli.stdout().lines()).containsExactly(dir.resolve("a-red-fox.png").toString());
    List<String> lines = cli.stderr().lines().filter(line -> line.startsWith("image_generation.")).toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("image_generation\\.partial_image index=0 bytes=" + PARTIAL_0.length
        + " elapsed_ms=\\d+ file=" + java.util.regex.Pattern.quote(dir.resolve("a-red-fox.partial-0.png").toString()));
    assertThat(lines.get(1)).startsWith("image_generation.partial_image index=1 bytes=" + PARTIAL_1.length);
    assertThat(lines.get(2)).matches("image_generation\\.completed index=0 bytes=" + FINAL.length
        + " elapsed_ms=\\d+");
    assertThat(cli.stderr()).contains("model=openai/gpt-image-2").doesNotContain("note:").doesNotContain("sk-cli");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/v1/images/generations");
    JsonNode body = Fixtures.tree(request.getBody().toByteArray());
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("partial_images").asInt()).isEqualTo(2);
  }

  @Test
  void whenThePromptsNameIsTakenPartialsAndFinalShareTheFreeName() throws Exception {
    Files.writeString(dir.resolve("a-red-fox.png"), "keep me");
    server.enqueue(stream(event("image_generation.partial_image", PARTIAL_0, ",\"partial_image_index\":0"),
        event("image_generation.completed", FINAL, USAGE)));

    int code = cli.run(env(), "generate", "a red fox", "--model", "gpt-image-2", "--stream", "--partial-images",
        "1", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("a-red-fox.png"))).isEqualTo("keep me");
    assertThat(Files.readAllBytes(dir.resolve("a-red-fox-2.partial-0.png"))).isEqualTo(PARTIAL_0);
    assertThat(Files.readAllBytes(dir.resolve("a-red-fox-2.png"))).isEqualTo(FINAL);
  }

  @Test
  void anErrorEventAfterAPartialEndsWithExitThreeKeepingThePartial() throws Exception {
    server.enqueue(stream(event("image_generation.partial_image", PARTIAL_0, ",\"partial_image_index\":0"),
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"The server had an error while "
            + "processing your request\",\"type\":\"server_error\",\"code\":null,\"param\":null}}\n\n"));

    int code = cli.run(env(), "generate", "a red fox", "--model", "gpt-image-2", "--stream", "--partial-images",
        "2", "--out", dir.toString());

    assertThat(code).isEqualTo(3);
    assertThat(cli.stderr()).contains("image_generation.partial_image index=0")
        .contains("error: ").contains("The server had an error");
    assertThat(dir.resolve("a-red-fox.partial-0.png")).exists();
    assertThat(dir.resolve("a-red-fox.png")).doesNotExist();
    assertThat(cli.stdout()).isEmpty();
  }

  @Test
  void editStreamsImageEditEvents() throws Exception {
    Path cat = Files.write(dir.resolve("cat.png"), Inputs.pngAlpha(16, 16));
    server.enqueue(stream(event("image_edit.partial_image", PARTIAL_0, ",\"partial_image_index\":0"),
        event("image_edit.completed", FINAL, USAGE)));

    int code = cli.run(env(), "edit", "add a hat", "--image", cat.toString(), "--model", "gpt-image-2",
        "--stream", "--partial-images", "1", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(cli.stderr()).contains("image_edit.partial_image index=0").contains("image_edit.completed index=0");
    assertThat(Files.readAllBytes(dir.resolve("add-a-hat.partial-0.png"))).isEqualTo(PARTIAL_0);
    assertThat(Files.readAllBytes(dir.resolve("add-a-hat.png"))).isEqualTo(FINAL);
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/images/edits");
  }
}
