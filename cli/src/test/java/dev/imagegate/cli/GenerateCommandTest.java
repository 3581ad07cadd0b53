package dev.imagegate.cli;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegate generate} end to end against a local server speaking OpenAI's images protocol. */
class GenerateCommandTest {
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

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

  private int run(Map<String, String> env, String... args) {
    return cli.run(env, args);
  }

  /** dall-e-2 and dall-e-3 were shut down after these tests were written: an operator catalogue keeps them. */
  static final String DALL_E_STILL_SERVED = "src/test/resources/catalog/dall-e-still-served.yaml";

  private Map<String, String> openAiEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("OPENAI_API_KEY", "sk-cli-test");
    env.put("OPENAI_API_BASE", server.url("/v1").toString());
    env.put("IMAGEGATE_MODEL_CATALOG", DALL_E_STILL_SERVED);
    return env;
  }

  private String stdout() {
    return cli.stdout();
  }

  private String stderr() {
    return cli.stderr();
  }

  @Test
  void savesTheImageNamedAfterThePromptAndReportsCost() throws Exception {
    server.enqueue(json(200, "{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1
        + "\",\"revised_prompt\":\"A red fox at dawn\"}]}"));

    int code = run(openAiEnv(), "generate", "A red fox, at dawn!", "--model", "dall-e-3", "--quality", "hd",
        "--size", "1792x1024", "--style", "natural", "--user", "u-1", "--out", dir.toString());

    assertThat(code).as(stderr()).isZero();
    Path file = dir.resolve("a-red-fox-at-dawn.png");
    assertThat(Files.readAllBytes(file)).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
    assertThat(stdout().strip()).isEqualTo(file.toString());
    assertThat(stderr()).containsPattern("cost_usd=0\\.12 model=openai/dall-e-3 latency_ms=\\d+");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/v1/images/generations");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-cli-test");
    JsonNode body = Fixtures.tree(request.getBody().toByteArray());
    assertThat(body.path("model").asText()).isEqualTo("dall-e-3");
    assertThat(body.path("prompt").asText()).isEqualTo("A red fox, at dawn!");
    assertThat(body.path("quality").asText()).isEqualTo("hd");
    assertThat(body.path("size").asText()).isEqualTo("1792x1024");
    assertThat(body.path("style").asText()).isEqualTo("natural");
    assertThat(body.path("user").asText()).isEqualTo("u-1");
  }

  @Test
  void downloadsUrlResultsAndNamesThemByTheirBytes() throws Exception {
    String imageUrl = server.url("/files/img-1").toString();
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"url\":\"" + imageUrl + "\"}]}"));
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/jpeg")
        .body(new Buffer().write(JPEG)).build());

    int code = run(openAiEnv(), "generate", "a city", "--model", "dall-e-2", "--response-format", "url",
        "--size", "512x512", "--out", dir.toString());

    assertThat(code).as(stderr()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("a-city.jpg"))).isEqualTo(JPEG);
    assertThat(stderr()).contains("cost_usd=0.018 model=openai/dall-e-2");
    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/files/img-1");
  }

  @Test
  void jsonPrintsExactlyTheOpenAiResponseAndWritesNoFile() throws Exception {
    server.enqueue(json(200, "{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1
        + "\"}],\"background\":\"transparent\",\"output_format\":\"png\",\"quality\":\"high\","
        + "\"size\":\"1024x1024\",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"text_tokens\":12,"
        + "\"image_tokens\":0},\"output_tokens\":4160,\"total_tokens\":4172}}"));

    int code = run(openAiEnv(), "generate", "a sticker", "--model", "gpt-image-1", "--json", "--out",
        dir.toString(), "--param", "background=transparent", "--param", "output_compression=80",
        "--param", "metadata={\"team\":\"a\"}");

    assertThat(code).as(stderr()).isZero();
    JsonNode printed = Fixtures.tree(stdout());
    assertThat(printed).isEqualTo(Fixtures.tree("{\"created\":1700000000,\"data\":[{\"b64_json\":\""
        + MockServers.PNG_1X1 + "\"}],\"background\":\"transparent\",\"output_format\":\"png\","
        + "\"quality\":\"high\",\"size\":\"1024x1024\",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":"
        + "{\"text_tokens\":12,\"image_tokens\":0},\"output_tokens\":4160,\"total_tokens\":4172}}"));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThat(stderr()).contains("cost_usd=0.16646 model=openai/gpt-image-1");
    JsonNode body = Fixtures.tree(server.takeRequest().getBody().toByteArray());
    assertThat(body.path("background").isTextual()).isTrue();
    assertThat(body.path("output_compression").isInt()).isTrue();
    assertThat(body.path("output_compression").asInt()).isEqualTo(80);
    assertThat(body.path("metadata").path("team").asText()).isEqualTo("a");
    assertThat(body.has("response_format")).isFalse();
  }

  @Test
  void mockProviderWritesOneFilePerImageWithTheAskedSize() throws Exception {
    int code = run(Map.of(), "generate", "two boats", "--model", "mock/demo", "--n", "2", "--size", "64x32",
        "--out", dir.toString());

    assertThat(code).as(stderr()).isZero();
    for (String name : new String[] {"two-boats-1.png", "two-boats-2.png"}) {
      byte[] png = Files.readAllBytes(dir.resolve(name));
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
      assertThat(readInt(png, 16)).isEqualTo(64);
      assertThat(readInt(png, 20)).isEqualTo(32);
    }
    assertThat(stdout().lines()).hasSize(2);
  }

  @Test
  void doesNotOverwriteAnExistingFile() throws Exception {
    Files.writeString(dir.resolve("boat.png"), "keep me");

    assertThat(run(Map.of(), "generate", "boat", "--model", "mock/x", "--size", "8x8", "--out", dir.toString()))
        .isZero();

    assertThat(Files.readString(dir.resolve("boat.png"))).isEqualTo("keep me");
    assertThat(Files.readAllBytes(dir.resolve("boat-2.png"))).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void validationErrorsExitWithTwoAndNameTheCause() {
    assertThat(run(openAiEnv(), "generate", "x", "--model", "dall-e-3", "--n", "2")).isEqualTo(2);
    assertThat(stderr()).contains("n").contains("dall-e-3").contains("allowed only 1");

    assertThat(run(openAiEnv(), "generate", "x", "--model", "dall-e-3", "--size", "512x512")).isEqualTo(2);
    assertThat(stderr()).contains("1024x1024, 1792x1024, 1024x1792");

    assertThat(run(openAiEnv(), "generate", "   ", "--model", "dall-e-3")).isEqualTo(2);
    assertThat(stderr()).contains("prompt is required");

    assertThat(run(openAiEnv(), "generate", "x", "--model", "nope/model")).isEqualTo(2);
    assertThat(stderr()).contains("Unknown provider prefix 'nope'");

    assertThat(run(Map.of("IMAGEGATE_MODEL_CATALOG", DALL_E_STILL_SERVED), "generate", "x", "--model", "dall-e-3"))
        .isEqualTo(2);
    assertThat(stderr()).contains("OPENAI_API_KEY").contains("--api-key").doesNotContain("apiKey");

    assertThat(run(openAiEnv(), "generate", "x", "--param", "novalue")).isEqualTo(2);
    assertThat(stderr()).contains("Invalid --param 'novalue'");

    assertThat(run(openAiEnv(), "generate", "x", "--timeout", "0")).isEqualTo(2);
    assertThat(stderr()).contains("--timeout");

    assertThat(run(openAiEnv(), "generate", "x", "--no-such-flag")).isEqualTo(2);
    assertThat(stderr()).contains("Unknown option: '--no-such-flag'");

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void providerAndNetworkErrorsExitWithThreeAndKeepTheProvidersMessage() {
    server.enqueue(json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
    assertThat(run(openAiEnv(), "generate", "x", "--model", "dall-e-3", "--out", dir.toString())).isEqualTo(3);
    assertThat(stderr()).contains("The server had an error");

    server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
        + "\"code\":\"invalid_api_key\"}}"));
    assertThat(run(openAiEnv(), "generate", "x", "--model", "dall-e-3", "--out", dir.toString())).isEqualTo(3);
    assertThat(stderr()).contains("Incorrect API key provided");

    Map<String, String> refused = openAiEnv();
    refused.put("OPENAI_API_BASE", MockServers.closedPortUrl("/v1"));
    assertThat(run(refused, "generate", "x", "--model", "dall-e-3", "--out", dir.toString())).isEqualTo(3);
    assertThat(stderr()).contains("connection refused");
  }

  @Test
  void helpListsEveryOptionWithExamples() {
    assertThat(run(Map.of(), "generate", "--help")).isZero();
    for (String option : new String[] {"--model", "--n", "--size", "--quality", "--style", "--response-format",
        "--user", "--api-key", "--api-base", "--api-version", "--param", "--drop-params", "--timeout", "--out",
        "--json", "Examples:", "Exit codes"}) {
      assertThat(stdout()).contains(option);
    }
    cli.reset();
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(stdout()).contains("generate").contains("Examples:");
  }

  @Test
  void configuredGuardrailsRunBeforeTheRouterCallsAnyone() throws Exception {
    Path config = dir.resolve("guarded.yaml");
    Files.writeString(config, """
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
        guardrails:
          - guardrail_name: no-gore
            litellm_params: {guardrail: keyword_blocklist, mode: pre_call, default_on: true, keywords: [gore]}
        """);

    int code = run(Map.of(), "generate", "lots of gore", "--config", config.toString(), "--model", "demo",
        "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("blocked by guardrail 'no-gore'");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(config);
    }
  }

  private static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
        | (bytes[offset + 3] & 0xFF);
  }
}
