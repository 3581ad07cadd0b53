package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegate generate --model openrouter/<vendor>/<model>} end to end against a mock OpenRouter. */
class OpenRouterCliTest {
  private static final String ANSWER = "{\"created\":1,\"choices\":[{\"finish_reason\":\"stop\",\"message\":"
      + "{\"role\":\"assistant\",\"content\":\"Here you go\",\"images\":[{\"type\":\"image_url\",\"image_url\":"
      + "{\"url\":\"data:image/png;base64," + MockServers.PNG_1X1 + "\"}}]}}],"
      + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1290,\"total_tokens\":1297,\"cost\":0.039}}";

  private MockWebServer server;
  private final CliRun cli = new CliRun();

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
    return cli.run(Map.of("OPENROUTER_API_KEY", "sk-or-cli", "OPENROUTER_API_BASE",
        server.url("/api/v1").toString()), args);
  }

  @Test
  void generatesTwoImagesWithTheReportedCostSummed() throws Exception {
    server.enqueue(MockServers.json(200, ANSWER));
    server.enqueue(MockServers.json(200, ANSWER));

    int code = run("generate", "a sea otter", "--model", "openrouter/google/gemini-2.5-flash-image", "--n", "2",
        "--size", "16:9", "--param", "app_name=imagegate-cli", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/api/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-or-cli");
    assertThat(recorded.getHeaders().get("X-Title")).isEqualTo("imagegate-cli");
    JsonNode body = Fixtures.tree(recorded.getBody().toByteArray());
    assertThat(body.path("model").asText()).isEqualTo("google/gemini-2.5-flash-image");
    assertThat(body.path("image_config").path("aspect_ratio").asText()).isEqualTo("16:9");
    List<String> files = cli.stdout().lines().toList();
    assertThat(files).hasSize(2);
    for (String file : files) {
      assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
    }
    assertThat(cli.stderr()).contains("cost_usd=0.078");
  }

  @Test
  void insufficientCreditsExitsWith3() {
    server.enqueue(MockServers.json(402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}"));

    int code = run("generate", "a sea otter", "--model", "openrouter/google/gemini-2.5-flash-image", "--out",
        dir.toString());

    assertThat(code).isEqualTo(Main.UPSTREAM);
    assertThat(cli.stderr()).contains("Insufficient credits").doesNotContain("sk-or-cli");
  }

  @Test
  void anUnknownQualityIsAUsageErrorNamingTheParameter() {
    int code = run("generate", "a sea otter", "--model", "openrouter/google/gemini-3.1-flash-image", "--quality",
        "ultra", "--out", dir.toString());

    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(cli.stderr()).contains("quality");
    assertThat(server.getRequestCount()).isZero();
  }
}
