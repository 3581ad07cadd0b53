package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.bedrock.SigV4MockBedrock;
import dev.imagegate.testing.MockServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code imagegate generate --model bedrock/...} against a local Bedrock that verifies the SigV4 signature. */
class BedrockCliTest {
  private static final String PNG = "\"" + MockServers.PNG_1X1 + "\"";

  @TempDir
  Path dir;
  private MockWebServer server;
  private SigV4MockBedrock bedrock;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    bedrock = SigV4MockBedrock.withTestKeys();
    server = new MockWebServer();
    server.setDispatcher(bedrock);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of("stability.stable-diffusion-xl-v1", "{\"result\":\"success\",\"artifacts\":[{\"seed\":7,"
            + "\"base64\":" + PNG + ",\"finishReason\":\"SUCCESS\"}]}", "/seed"),
        Arguments.of("us.stability.sd3-5-large-v1:0", "{\"seeds\":[7],\"finish_reasons\":[null],\"images\":[" + PNG
            + "]}", "/seed"),
        Arguments.of("amazon.titan-image-generator-v2:0", "{\"images\":[" + PNG + "],\"error\":null}",
            "/imageGenerationConfig/seed"),
        Arguments.of("us.amazon.nova-canvas-v1:0", "{\"images\":[" + PNG + "]}", "/imageGenerationConfig/seed"));
  }

  @ParameterizedTest
  @MethodSource("families")
  void eachFamilyGeneratesThroughTheCliWithSettingsAsParams(String model, String answer, String seedField)
      throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(answer)
        .build());

    int code = run(Env.of(Map.of("AWS_BEDROCK_RUNTIME_ENDPOINT", server.url("/").toString())),
        "--model", "bedrock/" + model,
        "--param", "aws_access_key_id=" + SigV4MockBedrock.ACCESS_KEY,
        "--param", "aws_secret_access_key=" + SigV4MockBedrock.SECRET_KEY,
        "--param", "aws_region_name=" + SigV4MockBedrock.REGION,
        "--param", "seed=7");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path file = dir.resolve("a-lighthouse-at-dawn.png");
    assertThat(Files.readAllBytes(file)).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(file.toString());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("model=bedrock/" + model).contains("cost_usd=0.");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/model/" + model.replace(":", "%3A") + "/invoke");
    JsonNode body = Json.MAPPER.readTree(recorded.getBody().toByteArray());
    assertThat(body.at(seedField).asInt()).isEqualTo(7);
    assertThat(body.toString()).doesNotContain("aws_").doesNotContain(SigV4MockBedrock.SECRET_KEY);
    assertThat(bedrock.failures()).isEmpty();
    assertThat(bedrock.verified()).isEqualTo(1);
  }

  @Test
  void aSignatureTheServerRejectsExitsWith3() {
    int code = run(Env.of(Map.of("AWS_BEDROCK_RUNTIME_ENDPOINT", server.url("/").toString(),
            "AWS_ACCESS_KEY_ID", SigV4MockBedrock.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", "wrong-secret",
            "AWS_REGION", SigV4MockBedrock.REGION)),
        "--model", "bedrock/amazon.nova-canvas-v1:0");

    assertThat(code).isEqualTo(Main.UPSTREAM);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("InvalidSignatureException")
        .doesNotContain("wrong-secret");
    assertThat(bedrock.failures()).hasSize(1);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void throttlingExitsWith3AndKeepsBedrocksMessage() {
    server.enqueue(new MockResponse.Builder().code(429)
        .addHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
        .body("{\"message\":\"Too many requests, please wait before trying again.\"}").build());

    int code = run(Env.of(Map.of("AWS_BEDROCK_RUNTIME_ENDPOINT", server.url("/").toString(),
            "AWS_ACCESS_KEY_ID", SigV4MockBedrock.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SigV4MockBedrock.SECRET_KEY,
            "AWS_REGION", SigV4MockBedrock.REGION)),
        "--model", "bedrock/stability.stable-image-core-v1:1");

    assertThat(code).isEqualTo(Main.UPSTREAM);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Too many requests, please wait");
    assertThat(bedrock.verified()).isEqualTo(1);
  }

  private int run(Env env, String... options) {
    String[] args = Stream.concat(Stream.of("generate", "a lighthouse at dawn", "--out", dir.toString()),
        Stream.of(options)).toArray(String[]::new);
    return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
