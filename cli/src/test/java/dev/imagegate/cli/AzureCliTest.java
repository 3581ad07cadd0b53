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

/** {@code imagegate generate --model azure/<deployment>} end to end against a mock Azure OpenAI resource. */
class AzureCliTest {
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
    return cli.run(Map.of("AZURE_API_KEY", "azure-test-key", "AZURE_API_BASE", server.url("/").toString()), args);
  }

  @Test
  void generatesThroughADeploymentPricedByItsBaseModel() throws Exception {
    server.enqueue(MockServers.json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1
        + "\",\"content_filter_results\":{}}]}"));

    int code = run("generate", "a lighthouse", "--model", "azure/my-deploy", "--quality", "hd", "--size",
        "1792x1024", "--param", "base_model=dall-e-3", "--param", "api_version=2024-10-21", "--out", dir.toString());

    assertThat(code).as(cli.stderr()).isZero();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget())
        .isEqualTo("/openai/deployments/my-deploy/images/generations?api-version=2024-10-21");
    assertThat(recorded.getHeaders().get("api-key")).isEqualTo("azure-test-key");
    JsonNode body = Fixtures.tree(recorded.getBody().toByteArray());
    assertThat(body.has("base_model")).isFalse();
    assertThat(body.has("api_version")).isFalse();
    Path file = Path.of(cli.stdout().trim());
    assertThat(file.getParent()).isEqualTo(dir);
    assertThat(Files.readAllBytes(file)).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
    assertThat(cli.stderr()).contains("cost_usd=0.12").contains("model=azure/my-deploy");
  }

  @Test
  void upstreamFailureExitsWith3() {
    server.enqueue(MockServers.json(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":"
        + "\"The API deployment for this resource does not exist.\"}}"));

    int code = run("generate", "a lighthouse", "--model", "azure/missing", "--out", dir.toString());

    assertThat(code).isEqualTo(Main.UPSTREAM);
    assertThat(cli.stderr()).contains("does not exist").doesNotContain("azure-test-key");
  }

  @Test
  void asyncEraApiVersionIsAUsageError() {
    int code = run("generate", "a lighthouse", "--model", "azure/my-deploy", "--api-version", "2023-06-01-preview",
        "--out", dir.toString());

    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(cli.stderr()).contains("api_version 2023-06-01-preview");
    assertThat(server.getRequestCount()).isZero();
  }
}
