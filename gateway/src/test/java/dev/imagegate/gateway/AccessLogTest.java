package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One access-log line per request, text or JSON; the cause of an upstream failure; never a key or a prompt. */
class AccessLogTest {
  private static final String MASTER = "sk-master-access-log";

  @TempDir
  Path dir;

  private String config(String extra) {
    return """
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
          - model_name: down
            litellm_params: {model: openai/dall-e-3, api_base: %s, api_key: sk-upstream-secret}
        router_settings: {num_retries: 1}
        general_settings:
          master_key: %s
        """.formatted(MockServers.closedPortUrl("/v1"), MASTER) + extra;
  }

  /** Waits for a line matching {@code match}: Jetty writes the line once the response is complete. */
  private static String line(TestGateway gateway, Predicate<String> match) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<String> lines = gateway.log.toString(StandardCharsets.UTF_8).lines().filter(match).toList();
      if (!lines.isEmpty()) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no access-log line matched; log:\n" + gateway.log.toString(StandardCharsets.UTF_8));
  }

  @Test
  void textLinesCarryTheCallsStoryAndNoSecrets() throws Exception {
    try (TestGateway gateway = new TestGateway(config(""), Map.of(), dir, Clock.systemUTC())) {
      String key = TestGateway.json(gateway.post("/key/generate", "{\"key_alias\":\"team-a\"}",
          "Authorization", "Bearer " + MASTER)).path("key").asText();
      HttpResponse<String> ok = gateway.post("/v1/images/generations",
          "{\"model\":\"demo\",\"prompt\":\"a secret prompt\",\"size\":\"8x8\"}", "Authorization", "Bearer " + key);
      assertThat(ok.statusCode()).isEqualTo(200);
      String callId = ok.headers().firstValue("x-imagegate-call-id").orElseThrow();
      String deployment = ok.headers().firstValue("x-imagegate-model-id").orElseThrow();
      String success = line(gateway, l -> l.contains("call_id=" + callId));
      assertThat(success).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ POST /v1/images/generations 200 \\d+ms call_id=\\S+ "
          + "key=team-a model_group=demo deployment=" + deployment + " cost_usd=0 attempts=1");

      HttpResponse<String> failed = gateway.post("/v1/images/generations", "{\"model\":\"down\",\"prompt\":\"x\"}",
          "Authorization", "Bearer " + MASTER);
      assertThat(failed.statusCode()).isGreaterThanOrEqualTo(500);
      assertThat(failed.headers().firstValue("x-imagegate-attempted-retries")).contains("1");
      assertThat(failed.headers().firstValue("x-imagegate-attempted-fallbacks")).contains("0");
      assertThat(failed.headers().firstValue("x-imagegate-model-id")).isPresent();
      String failure = line(gateway, l -> l.contains(" POST /v1/images/generations " + failed.statusCode()));
      assertThat(failure).contains("key=master model_group=down", "attempts=2", "cause=\"UpstreamUnavailable: ");

      assertThat(gateway.post("/v1/images/generations", "{\"model\":\"demo\",\"prompt\":\"x\",\"n\":\"two\"}",
          "Authorization", "Bearer " + key).statusCode()).isEqualTo(400);
      assertThat(line(gateway, l -> l.contains(" 400 "))).contains("key=team-a").doesNotContain("cause=");

      gateway.post("/key/" + key + "/regenerate", "{}", "Authorization", "Bearer " + MASTER);
      assertThat(line(gateway, l -> l.contains("/regenerate"))).contains("POST /key/<key>/regenerate 200");
      gateway.get("/v1/models?api_key=sk-in-query");
      assertThat(line(gateway, l -> l.contains("GET /v1/models"))).contains(" 401 ");

      String log = gateway.log.toString(StandardCharsets.UTF_8);
      assertThat(log).doesNotContain(key).doesNotContain(MASTER).doesNotContain("sk-upstream-secret")
          .doesNotContain("secret prompt").doesNotContain("sk-in-query").doesNotContain("iVBOR");
    }
  }

  @Test
  void jsonLogsGivesOneJsonObjectPerRequest() throws Exception {
    try (TestGateway gateway = new TestGateway(config("litellm_settings: {json_logs: true}\n"), Map.of(), dir,
        Clock.systemUTC())) {
      HttpResponse<String> ok = gateway.post("/v1/images/generations",
          "{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"8x8\"}", "Authorization", "Bearer " + MASTER);
      String callId = ok.headers().firstValue("x-imagegate-call-id").orElseThrow();
      JsonNode line = Fixtures.tree(line(gateway, l -> l.contains(callId)));
      assertThat(line.path("method").asText()).isEqualTo("POST");
      assertThat(line.path("path").asText()).isEqualTo("/v1/images/generations");
      assertThat(line.path("status").asInt()).isEqualTo(200);
      assertThat(line.path("latency_ms").isIntegralNumber()).isTrue();
      assertThat(line.path("key").asText()).isEqualTo("master");
      assertThat(line.path("model_group").asText()).isEqualTo("demo");
      assertThat(line.path("cost_usd").asText()).isEqualTo("0");
      assertThat(line.path("attempts").asInt()).isEqualTo(1);
      gateway.get("/health/liveliness");
      assertThat(Fixtures.tree(line(gateway, l -> l.contains("liveliness"))).path("status").asInt()).isEqualTo(200);
    }
  }
}
