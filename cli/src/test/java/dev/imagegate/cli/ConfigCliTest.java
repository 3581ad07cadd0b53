package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegate check --config} and {@code imagegate generate --config} end to end against a mock server. */
class ConfigCliTest {
  private final CliRun cli = new CliRun();
  private MockWebServer server;
  @TempDir
  Path dir;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(String... args) {
    return cli.run(Map.of("MOCK_KEY", "sk-mock-key-0123456789", "IMAGEGATE_MODEL_CATALOG",
        GenerateCommandTest.DALL_E_STILL_SERVED), args);
  }

  private String stdout() {
    return cli.stdout();
  }

  private String stderr() {
    return cli.stderr();
  }

  /** Two deployments of one group: the preferred one refuses connections, the other is the mock server. */
  private Path config() throws Exception {
    String yaml = """
        model_list:
          - model_name: images
            litellm_params:
              model: openai/dall-e-3
              api_base: %s
              api_key: sk-refused-abcdefghijkl
              order: 1
            model_info: {id: refusing}
          - model_name: images
            litellm_params:
              model: openai/dall-e-3
              api_base: %s
              api_key: os.environ/MOCK_KEY
              order: 2
            model_info: {id: answering}
          - model_name: chat
            litellm_params: {model: anthropic/claude-sonnet}
        router_settings:
          num_retries: 1
        """.formatted(MockServers.closedPortUrl("/v1"), server.url("/v1"));
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void checkPrintsGroupsAndDeploymentsWithSecretsMasked() throws Exception {
    int code = run("check", "--config", config().toString());

    assertThat(code).isZero();
    assertThat(stdout()).contains("OK, 2 model groups, 3 deployments")
        .contains("id=refusing  model=openai/dall-e-3").contains("api_key=sk-...ijkl")
        .contains("id=answering").contains("api_key=sk-...6789").contains("order=2")
        .contains("chat  (not image generation: never routed to)")
        .contains("router: routing_strategy=simple-shuffle num_retries=1 timeout=600s allowed_fails=3");
    assertThat(stdout() + stderr()).doesNotContain("sk-refused-abcdefghijkl").doesNotContain("sk-mock-key-0123456789");
    assertThat(stderr()).contains("warning: ").contains("model_list[2].litellm_params.model");
  }

  @Test
  void checkMasksUserinfoAndSecretQueryValuesOfApiBase() throws Exception {
    Path file = dir.resolve("based.yaml");
    Files.writeString(file, """
        model_list:
          - model_name: images
            litellm_params:
              model: openai/dall-e-3
              api_base: "http://ops:HUNTER2-PASS@proxy.internal:8080/v1?api_key=Q-SECRET-9&region=eu"
              api_key: sk-refused-abcdefghijkl
        """);

    int code = run("check", "--config", file.toString());

    assertThat(code).isZero();
    assertThat(stdout()).contains("api_base=http://****@proxy.internal:8080/v1?api_key=****&region=eu");
    assertThat(stdout() + stderr()).doesNotContain("HUNTER2-PASS").doesNotContain("ops:").doesNotContain("Q-SECRET-9");
  }

  @Test
  void checkReportsEveryErrorWithFileAndLine() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, """
        model_list:
          - model_name: images
            litellm_params:
              model: openai/dall-e-3
              api_key: os.environ/NOT_SET
              rpm: -5
        router_settings:
          routing_strategy: random
        """);

    int code = run("check", "--config", file.toString());

    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("error: " + file + ":5: model_list[0].litellm_params.api_key: environment variable "
            + "NOT_SET is not set")
        .contains("error: " + file + ":6: model_list[0].litellm_params.rpm: must be a whole number of at least 1")
        .contains("error: " + file + ":8: router_settings.routing_strategy: unknown routing strategy 'random'")
        .contains("3 errors in " + file);
    assertThat(stdout()).isEmpty();
  }

  @Test
  void generateGoesThroughTheRouterPastARefusingDeployment() throws Exception {
    server.enqueue(MockServers.json(200, "{\"created\":1700000000,\"data\":[{\"b64_json\":\""
        + MockServers.PNG_1X1 + "\"}]}"));

    int code = run("generate", "a lighthouse at dawn", "--config", config().toString(), "--model", "images",
        "--size", "1792x1024", "--quality", "hd", "--out", dir.toString());

    assertThat(code).as(stderr()).isZero();
    Path file = Path.of(stdout().trim());
    assertThat(Files.readAllBytes(file)).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
    assertThat(stderr()).contains("cost_usd=0.12 model=openai/dall-e-3").contains("deployment=answering attempts=2");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/images/generations");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-mock-key-0123456789");
    JsonNode body = Fixtures.tree(recorded.getBody().toByteArray());
    assertThat(body.path("model").asText()).isEqualTo("dall-e-3");
    assertThat(body.path("size").asText()).isEqualTo("1792x1024");
    assertThat(body.path("quality").asText()).isEqualTo("hd");
  }

  @Test
  void generateFailsWithTheUpstreamExitCodeWhenEveryDeploymentFails() throws Exception {
    server.enqueue(MockServers.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    server.enqueue(MockServers.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));

    int code = run("generate", "a lighthouse", "--config", config().toString(), "--model", "images",
        "--out", dir.toString());

    assertThat(code).isEqualTo(Main.UPSTREAM);
    assertThat(stderr()).startsWith("error: ");
  }

  @Test
  void generateWithAnUnknownGroupIsAUsageError() throws Exception {
    int code = run("generate", "a lighthouse", "--config", config().toString(), "--model", "nope");

    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains("Unknown model group 'nope'").contains("images, chat");
  }

  @Test
  void generateWithAnInvalidConfigIsAUsageError() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "model_list: {not: a list}\n");

    int code = run("generate", "a lighthouse", "--config", file.toString(), "--model", "images");

    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(stderr()).contains(file + ":1: model_list: model_list must be a list");
  }
}
