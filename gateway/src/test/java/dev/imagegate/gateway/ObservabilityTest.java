package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.observe.CallEvent;
import dev.imagegate.guardrail.GuardrailDecision;
import dev.imagegate.provider.Json;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guardrails and observation through the real gateway: the events each sink gets, metrics, blocked prompts. */
class ObservabilityTest {
  @TempDir
  Path images;
  private MockWebServer upstream;
  private MockWebServer webhook;
  private TestGateway gateway;
  private final String id = UUID.randomUUID().toString();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    webhook = new MockWebServer();
    webhook.start();
    String yaml = """
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
            model_info: {id: demo-1}
          - model_name: compat
            litellm_params: {model: openai/flux-dev, api_base: "%s", api_key: sk-upstream-secret}
            model_info: {id: compat-1}
        litellm_settings:
          callbacks: [dev.imagegate.gateway.RecordingCallback, audit]
          success_callback: [langfuse]
        callback_settings:
          dev.imagegate.gateway.RecordingCallback: {id: "%s", event_types: [start, success, failure]}
          audit: {callback_type: generic_api, endpoint: "%s", headers: {X-Audit: "yes"}}
        guardrails:
          - guardrail_name: no-pii
            litellm_params: {guardrail: pii, mode: pre_call, default_on: true,
                             pii_entities_config: {CREDIT_CARD: BLOCK}}
          - guardrail_name: brand
            litellm_params: {guardrail: keyword_blocklist, keywords: [acme], action: mask}
        """.formatted(upstream.url("/v1"), id, webhook.url("/logs"));
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-11-25T12:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
    webhook.close();
    RecordingCallback.BY_ID.remove(id);
  }

  private RecordingCallback recorder() {
    return RecordingCallback.BY_ID.get(id);
  }

  @Test
  void eachSinkGetsTheCallsEventsWithByteCountsInsteadOfImages() throws Exception {
    webhook.enqueue(json(200, "{}"));

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"demo\",\"prompt\":\"a lighthouse\",\"n\":2,\"size\":\"32x16\",\"user\":\"cust-7\","
            + "\"tags\":[\"blue\"]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String callId = response.headers().firstValue("x-imagegate-call-id").orElseThrow();
    JsonNode data = TestGateway.json(response).path("data");
    String b64 = data.get(0).path("b64_json").asText();
    long[] sizes = {Base64.getDecoder().decode(b64).length,
        Base64.getDecoder().decode(data.get(1).path("b64_json").asText()).length};
    CallEvent start = recorder().next();
    CallEvent success = recorder().next();
    assertThat(start.event()).isEqualTo(CallEvent.Kind.START);
    assertThat(success.event()).isEqualTo(CallEvent.Kind.SUCCESS);
    assertThat(success.callId()).isEqualTo(callId).isEqualTo(start.callId());
    assertThat(success.modelGroup()).isEqualTo("demo");
    assertThat(success.deployment()).isEqualTo("demo-1");
    assertThat(success.provider()).isEqualTo("mock");
    assertThat(success.n()).isEqualTo(2);
    assertThat(success.size()).isEqualTo("32x16");
    assertThat(success.endUser()).isEqualTo("cust-7");
    assertThat(success.tags()).containsExactly("blue");
    assertThat(success.status()).isEqualTo(200);
    assertThat(success.imageBytes()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(success.imageBytes().get(i)).as("within base64 padding").isBetween(sizes[i], sizes[i] + 2);
    }
    assertThat(success.attempts()).singleElement().satisfies(a -> assertThat(a.deployment()).isEqualTo("demo-1"));
    assertThat(success.guardrails()).containsExactly(new GuardrailDecision("no-pii",
        GuardrailDecision.Action.PASSED, Map.of(), null, null));
    JsonNode map = Json.toTree(success.toMap());
    assertThat(map.has("key_alias") && map.get("key_alias").isNull()).isTrue();
    assertThat(map.has("team") && map.has("user")).isTrue();

    RecordedRequest posted = webhook.takeRequest();
    assertThat(posted.getTarget()).isEqualTo("/logs");
    assertThat(posted.getHeaders().get("X-Audit")).isEqualTo("yes");
    String body = posted.getBody().utf8();
    assertThat(body).doesNotContain(b64.substring(0, 40));
    JsonNode logged = Fixtures.tree(body);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).path("event").asText()).isEqualTo("success");
    assertThat(logged.get(0).path("call_id").asText()).isEqualTo(callId);
    assertThat(logged.get(0).path("images").get(0).path("bytes").asLong()).isEqualTo(success.imageBytes().get(0));
    assertThat(recorder().events).isEmpty();
    assertThat(gateway.log.toString()).contains("'langfuse' is not a callback imagegate has");
  }

  @Test
  void aBlockedPromptIsA400NamingTheGuardrailAndItsEventSaysWhatWasFoundButNotTheValue() throws Exception {
    webhook.enqueue(json(200, "{}"));

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"compat\",\"prompt\":\"print card 4111 1111 1111 1111 for jo@x.io\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo("content_policy_violation");
    assertThat(error.path("message").asText()).isEqualTo("Your prompt was blocked by guardrail 'no-pii': it "
        + "contains personal data (CREDIT_CARD)");
    assertThat(upstream.getRequestCount()).isZero();
    recorder().next();
    CallEvent failure = recorder().next();
    assertThat(failure.event()).isEqualTo(CallEvent.Kind.FAILURE);
    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.errorType()).isEqualTo("content_policy_violation");
    assertThat(failure.attempts()).isEmpty();
    assertThat(failure.guardrails()).singleElement().satisfies(d -> {
      assertThat(d.action()).isEqualTo(GuardrailDecision.Action.BLOCKED);
      assertThat(d.findings()).containsEntry("CREDIT_CARD", 1).containsEntry("EMAIL_ADDRESS", 1);
    });
    String logged = webhook.takeRequest().getBody().utf8();
    assertThat(logged).contains("\"action\":\"blocked\"", "\"CREDIT_CARD\":1").doesNotContain("4111", "jo@x.io");
  }

  @Test
  void theProviderReceivesTheMaskedPromptOfTheGuardrailsTheRequestOptsInto() throws Exception {
    webhook.enqueue(json(200, "{}"));
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));

    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"compat\",\"prompt\":\"Acme poster, mail jo@x.io\",\"guardrails\":[\"brand\"]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode sent = Fixtures.tree(upstream.takeRequest().getBody().toByteArray());
    assertThat(sent.path("prompt").asText()).isEqualTo("[REDACTED] poster, mail <EMAIL_ADDRESS>");
    recorder().next();
    assertThat(recorder().next().guardrails()).extracting(GuardrailDecision::guardrail, GuardrailDecision::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("no-pii", GuardrailDecision.Action.MASKED),
            org.assertj.core.groups.Tuple.tuple("brand", GuardrailDecision.Action.MASKED));
  }

  @Test
  void anUnknownGuardrailInTheRequestIsA400NamingItAndNoCallIsLogged() throws Exception {
    HttpResponse<String> response = gateway.post("/v1/images/generations",
        "{\"model\":\"demo\",\"prompt\":\"a cat\",\"guardrails\":[\"nsfw-filter\"]}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("param").asText()).isEqualTo("guardrails");
    assertThat(error.path("message").asText()).startsWith("Unknown guardrail 'nsfw-filter'");
    gateway.close();
    assertThat(recorder().closed).isTrue();
    assertThat(recorder().events).isEmpty();
    assertThat(webhook.getRequestCount()).isZero();
  }

  @Test
  void metricsMoveAsCallsHappen() throws Exception {
    webhook.enqueue(json(200, "{}"));
    webhook.enqueue(json(200, "{}"));
    String before = gateway.get("/metrics").body();
    assertThat(before).contains("imagegate_in_flight_requests 0.0")
        .doesNotContain("imagegate_requests_total{");

    gateway.post("/v1/images/generations", "{\"model\":\"demo\",\"prompt\":\"a cat\"}");
    gateway.post("/v1/images/generations", "{\"model\":\"demo\",\"prompt\":\"card 4111 1111 1111 1111\"}");

    HttpResponse<String> metrics = gateway.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("imagegate_requests_total{call_type=\"image_generation\",deployment=\"demo-1\",model_group=\"demo\",status=\"200\"} 1.0")
        .contains("imagegate_requests_total{call_type=\"image_generation\",deployment=\"none\",model_group=\"demo\",status=\"400\"} 1.0")
        .contains("imagegate_request_duration_seconds_count{call_type=\"image_generation\",deployment=\"demo-1\",model_group=\"demo\"} 1")
        .contains("imagegate_request_duration_seconds_bucket{call_type=\"image_generation\",deployment=\"demo-1\",model_group=\"demo\",le=\"0.25\"}")
        .contains("imagegate_cost_usd_total{deployment=\"demo-1\",model_group=\"demo\"} 0.0")
        .contains("imagegate_guardrail_decisions_total{action=\"blocked\",guardrail=\"no-pii\"} 1.0")
        .contains("imagegate_deployment_attempt_duration_seconds_count{deployment=\"demo-1\",model_group=\"demo\","
            + "outcome=\"success\"} 1")
        .contains("imagegate_in_flight_requests 0.0")
        .contains("imagegate_callback_queue_depth{callback=\"audit\"}")
        .contains("imagegate_callback_dropped_events_total{callback=\"audit\"} 0.0");
  }
}
