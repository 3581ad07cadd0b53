package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.gateway.Gateway;
import dev.imagegate.gateway.GatewaySettings;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegate keys} and {@code imagegate spend} against a real gateway. */
class KeysAndSpendCliTest {
  @TempDir
  Path dir;
  private Gateway gateway;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, """
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.01}
        general_settings:
          master_key: sk-cli-master
          proxy_batch_write_at: 0.05
        """);
    Config config = new ConfigLoader(Env.of(Map.of()), ProviderRegistry.standard()).load(file);
    GatewaySettings settings = GatewaySettings.from(config, Env.of(Map.of()), "127.0.0.1", 0, false);
    gateway = Gateway.start(config, settings, Env.of(Map.of()), Clock.systemUTC(),
        new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(args, Env.of(Map.of("IMAGEGATE_URL", gateway.url(), "IMAGEGATE_MASTER_KEY", "sk-cli-master")),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private java.util.List<String> printedLines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private JsonNode printed() {
    return Fixtures.tree(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void createUseInspectSpendAndDeleteAKey() throws Exception {
    assertThat(run("keys", "create", "--alias", "team-a", "--models", "demo", "--max-budget", "5", "--json")).isZero();
    String key = printed().path("key").asText();
    assertThat(key).startsWith("sk-");
    assertThat(printed().path("key_alias").asText()).isEqualTo("team-a");

    HttpResponse<String> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(gateway.url() + "/v1/images/generations"))
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"2x2\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(image.statusCode()).isEqualTo(200);
    gateway.accounts().writer().flush();

    assertThat(run("keys", "info", key, "--json")).isZero();
    assertThat(printed().path("info").path("spend").decimalValue()).isEqualByComparingTo("0.01");
    assertThat(run("keys", "list", "--json")).isZero();
    assertThat(printed().path("keys")).hasSize(1);
    String token = printed().path("keys").get(0).path("token").asText();
    assertThat(run("spend", "--by", "model", "--json")).isZero();
    assertThat(printed().get(0).path("model").asText()).isEqualTo("demo");
    assertThat(printed().get(0).path("total_spend").decimalValue()).isEqualByComparingTo("0.01");
    assertThat(run("spend", "--by", "end-user", "--json")).isZero();
    assertThat(run("spend", "--json")).isZero();
    assertThat(printed().path("spend").decimalValue()).isEqualByComparingTo("0.01");

    assertThat(run("keys", "list")).isZero();
    assertThat(printedLines()).containsExactly(
        "token" + " ".repeat(token.length() - 3) + "alias   models  spend  max_budget  expires  blocked",
        token + "  team-a  demo    0.01   5           -        false",
        "1 key(s); models '-' means all");
    assertThat(run("spend", "--by", "model")).isZero();
    assertThat(printedLines()).containsExactly("model  total_spend_usd", "demo   0.01");
    assertThat(run("spend")).isZero();
    assertThat(printedLines()).containsExactly("total_spend_usd 0.01");
    assertThat(run("keys", "info", key)).isZero();
    assertThat(printedLines()).contains("field                  value", "key_alias              team-a",
        "spend                  0.01");

    assertThat(run("keys", "delete", key)).isZero();
    assertThat(printedLines()).containsExactly("deleted 1 key(s)");
    assertThat(run("keys", "info", key)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the gateway answered 404");
  }

  @Test
  void errorsNameTheCause() {
    assertThat(Main.run(new String[] {"keys", "list", "--url", gateway.url(), "--master-key", "sk-wrong"},
        Env.of(Map.of()), new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("401");

    assertThat(run("keys", "create", "--max-budget", "-1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("max_budget");

    err.reset();
    assertThat(Main.run(new String[] {"spend", "--url", MockServers.closedPortUrl("")}, Env.of(Map.of(
        "IMAGEGATE_MASTER_KEY", "k")), new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the gateway");

    err.reset();
    assertThat(Main.run(new String[] {"spend"}, Env.of(Map.of()), new PrintStream(out),
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no master key");

    err.reset();
    assertThat(Main.run(new String[] {"keys", "list", "--url", "localhost:4000"}, Env.of(Map.of(
        "IMAGEGATE_MASTER_KEY", "k")), new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url must be an http:// or https:// address");
  }
}
