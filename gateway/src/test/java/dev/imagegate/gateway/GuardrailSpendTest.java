package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
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

/** A key's guardrails run on its calls, and every decision lands in the call's spend row without the values found. */
class GuardrailSpendTest {
  private static final String MASTER = "sk-master-guard";

  @TempDir
  Path dir;
  private MockWebServer upstream;
  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    gateway = new TestGateway("""
        model_list:
          - model_name: images
            litellm_params: {model: openai/dall-e-2, api_base: %s, api_key: sk-upstream}
        guardrails:
          - guardrail_name: no-pii
            litellm_params: {guardrail: pii, mode: pre_call, action: mask}
          - guardrail_name: no-gore
            litellm_params: {guardrail: keyword_blocklist, mode: pre_call, keywords: [gore], action: block}
        general_settings:
          master_key: %s
        """.formatted(upstream.url("/v1"), MASTER), Map.of(), dir,
        new MutableClock(Instant.parse("2026-11-25T00:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @Test
  void aKeysGuardrailsMaskAndBlockAndTheSpendRowsSaySo() throws Exception {
    String key = TestGateway.json(gateway.post("/key/generate", "{\"guardrails\":[\"no-pii\",\"no-gore\"]}",
        "Authorization", "Bearer " + MASTER)).path("key").asText();
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));

    HttpResponse<String> masked = gateway.post("/v1/images/generations",
        "{\"model\":\"images\",\"prompt\":\"a poster for jane@example.com\"}", "Authorization", "Bearer " + key);
    HttpResponse<String> blocked = gateway.post("/v1/images/generations",
        "{\"model\":\"images\",\"prompt\":\"lots of gore\"}", "Authorization", "Bearer " + key);

    assertThat(masked.statusCode()).as(masked.body()).isEqualTo(200);
    String sent = Fixtures.tree(upstream.takeRequest().getBody().toByteArray()).path("prompt").asText();
    assertThat(sent).doesNotContain("jane@example.com").contains("<EMAIL_ADDRESS>");
    assertThat(blocked.statusCode()).isEqualTo(400);
    JsonNode error = TestGateway.json(blocked).path("error");
    assertThat(error.path("code").asText()).isEqualTo("content_policy_violation");
    assertThat(error.path("message").asText()).contains("no-gore");
    assertThat(upstream.getRequestCount()).isEqualTo(1);

    gateway.gateway.accounts().writer().flush();
    JsonNode rows = TestGateway.json(gateway.get("/spend/logs?api_key=" + key, "Authorization", "Bearer " + MASTER));
    assertThat(rows).hasSize(2);
    String all = rows.toString();
    assertThat(all).doesNotContain("jane@example.com");
    JsonNode failure = rows.get(0).path("status").asText().equals("failure") ? rows.get(0) : rows.get(1);
    JsonNode success = failure == rows.get(0) ? rows.get(1) : rows.get(0);
    assertThat(success.path("metadata").path("guardrails").toString()).contains("no-pii").contains("masked");
    assertThat(failure.path("metadata").path("guardrails").toString()).contains("no-gore").contains("blocked");
    assertThat(failure.path("metadata").path("error_type").asText()).isEqualTo("ContentPolicyViolation");
  }
}
