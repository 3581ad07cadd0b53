package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.testing.Postgres;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure's content-filter verdicts reach the spend row: a real gateway in front of a mock Azure OpenAI deployment whose
 * answers carry {@code content_filter_results} and {@code prompt_filter_results}, on SQLite and on the real PostgreSQL.
 */
class GatewayContentFilterTest {
  private static final String MASTER = "sk-master-cf";
  private static final String FILTERED_ANSWER = """
      {"created": 1765100000,
       "data": [
         {"b64_json": "%1$s", "content_filter_results": {
            "hate": {"filtered": false, "severity": "safe"}, "sexual": {"filtered": false, "severity": "low"},
            "violence": {"filtered": false, "severity": "safe"}, "self_harm": {"filtered": false, "severity": "safe"}}},
         {"b64_json": "%1$s", "content_filter_results": {"sexual": {"filtered": false, "severity": "safe"}}}],
       "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {
            "hate": {"filtered": false, "severity": "safe"}, "jailbreak": {"filtered": false, "detected": false},
            "profanity": {"filtered": false, "detected": true}}}],
       "usage": {"input_tokens": 12, "input_tokens_details": {"text_tokens": 12, "image_tokens": 0},
                 "output_tokens": 2000, "total_tokens": 2012}}
      """.formatted(MockServers.PNG_1X1);
  private static final String PLAIN_ANSWER = """
      {"created": 1765100000, "data": [{"b64_json": "%s"}],
       "usage": {"input_tokens": 12, "input_tokens_details": {"text_tokens": 12, "image_tokens": 0},
                 "output_tokens": 1000, "total_tokens": 1012}}
      """.formatted(MockServers.PNG_1X1);

  @TempDir
  Path dir;
  private MockWebServer azure;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

  @BeforeEach
  void startAzure() throws Exception {
    azure = new MockWebServer();
    azure.start();
  }

  @AfterEach
  void stopAzure() throws Exception {
    azure.close();
  }

  @Test
  void onSqliteTheRowKeepsTheVerdictsAndSpendLogsShowThem() throws Exception {
    try (TestGateway gateway = start("")) {
      verdictsReachTheRow(gateway);
    }
  }

  @Test
  void onPostgresqlTheRowKeepsTheVerdictsAndSpendLogsShowThem() throws Exception {
    Postgres.require("GatewayContentFilterTest (PostgreSQL)");
    String schema = Postgres.newSchema();
    try (TestGateway gateway = start("database_url: postgresql://postgres@%s:%d/test?schema=%s"
        .formatted(Postgres.HOST, Postgres.PORT, schema))) {
      verdictsReachTheRow(gateway);
    } finally {
      Postgres.dropSchema(schema);
    }
  }

  @Test
  void aContentPolicyRefusalLeavesAFailedRowWithTheRefusalsVerdicts() throws Exception {
    azure.enqueue(json(400, """
        {"error": {"code": "content_policy_violation", "type": "invalid_request_error",
          "message": "Your request was rejected as a result of our safety system.",
          "inner_error": {"code": "ResponsibleAIPolicyViolation",
            "content_filter_results": {"sexual": {"filtered": true, "severity": "high"}}}}}
        """));
    try (TestGateway gateway = start("")) {
      HttpResponse<String> refused = call(gateway, 1);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(TestGateway.json(refused).path("error").path("code").asText()).isEqualTo("content_policy_violation");

      JsonNode row = row(gateway, refused);
      assertThat(row.path("status").asText()).isEqualTo("failure");
      JsonNode prompt = row.path("content_filter").path("prompt_filter_results").get(0);
      assertThat(prompt.path("content_filter_results").path("sexual").path("filtered").asBoolean()).isTrue();
      assertThat(prompt.path("content_filter_results").path("sexual").path("severity").asText()).isEqualTo("high");
    }
  }

  private void verdictsReachTheRow(TestGateway gateway) throws Exception {
    azure.enqueue(json(200, FILTERED_ANSWER));
    azure.enqueue(json(200, PLAIN_ANSWER));

    HttpResponse<String> filtered = call(gateway, 2);
    assertThat(filtered.statusCode()).as(filtered.body()).isEqualTo(200);
    assertThat(TestGateway.json(filtered).path("data").get(0).path("content_filter_results").path("sexual")
        .path("severity").asText()).isEqualTo("low");
    HttpResponse<String> plain = call(gateway, 1);
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);

    JsonNode row = row(gateway, filtered);
    JsonNode verdicts = row.path("content_filter");
    assertThat(verdicts.path("images")).hasSize(2);
    assertThat(verdicts.path("images").get(0).path("content_filter_results").path("sexual"))
        .isEqualTo(TestGateway.json(filtered).path("data").get(0).path("content_filter_results").path("sexual"));
    assertThat(verdicts.path("images").get(0).path("content_filter_results").size()).isEqualTo(4);
    assertThat(verdicts.path("images").get(1).path("content_filter_results").path("sexual").path("filtered")
        .asBoolean(true)).isFalse();
    JsonNode prompt = verdicts.path("prompt_filter_results").get(0);
    assertThat(prompt.path("prompt_index").asInt(-1)).isZero();
    assertThat(prompt.path("content_filter_results").path("profanity").path("detected").asBoolean()).isTrue();
    assertThat(prompt.path("content_filter_results").path("jailbreak").has("severity")).isFalse();
    assertThat(row.path("status").asText()).isEqualTo("success");
    assertThat(row.path("total_tokens").asLong()).isEqualTo(2012);
    assertThat(row.path("custom_llm_provider").asText()).isEqualTo("azure");

    JsonNode plainRow = row(gateway, plain);
    assertThat(plainRow.has("content_filter")).isTrue();
    assertThat(plainRow.get("content_filter").isNull()).isTrue();
    assertThat(plainRow.path("total_tokens").asLong()).isEqualTo(1012);
  }

  private TestGateway start(String databaseSetting) throws Exception {
    return new TestGateway("""
        model_list:
          - model_name: azure-images
            litellm_params:
              model: azure/images-prod
              api_base: "%s"
              api_key: azure-upstream-secret
              api_version: "2025-04-01-preview"
              base_model: gpt-image-2
            model_info: {id: az-1}
        general_settings:
          master_key: %s
          %s
        """.formatted(azure.url("").toString(), MASTER, databaseSetting), Map.of(), dir, clock);
  }

  private static HttpResponse<String> call(TestGateway gateway, int n) throws Exception {
    return gateway.post("/v1/images/generations", "{\"model\":\"azure-images\",\"prompt\":\"a lighthouse\",\"n\":" + n
        + ",\"size\":\"1024x1024\",\"quality\":\"low\"}", "Authorization", "Bearer " + MASTER);
  }

  /** The call's row as {@code /spend/logs} answers it, after the spend writer's flush. */
  private static JsonNode row(TestGateway gateway, HttpResponse<String> answered) throws Exception {
    String callId = answered.headers().firstValue("x-imagegate-call-id").orElseThrow();
    gateway.gateway.accounts().writer().flush();
    JsonNode rows = TestGateway.json(gateway.get("/spend/logs?request_id=" + callId, "Authorization",
        "Bearer " + MASTER));
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
