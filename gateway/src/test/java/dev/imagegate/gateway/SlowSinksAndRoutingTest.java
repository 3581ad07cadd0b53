package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.observe.CallEvent;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that hangs does not slow calls (its events are dropped and counted); retries, fallbacks and cooldowns show in
 * the call's event and in the metrics; OTLP spans leave for the endpoint the standard variables name.
 */
class SlowSinksAndRoutingTest {
  @TempDir
  Path images;
  private MockWebServer up;
  private MockWebServer otlp;
  private TestGateway gateway;
  private final String hangingId = UUID.randomUUID().toString();
  private final String recorderId = UUID.randomUUID().toString();

  @BeforeEach
  void start() throws Exception {
    up = new MockWebServer();
    up.start();
    otlp = new MockWebServer();
    otlp.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).build();
      }
    });
    otlp.start();
    String down = MockServers.closedPortUrl("/v1");
    String yaml = """
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
            model_info: {id: demo-1}
          - model_name: images
            litellm_params: {model: openai/dall-e-2, api_base: %1$s, api_key: sk-a, order: 1}
            model_info: {id: down-deployment}
          - model_name: images
            litellm_params: {model: openai/dall-e-2, api_base: %2$s, api_key: sk-b, order: 2}
            model_info: {id: up-deployment}
          - model_name: primary
            litellm_params: {model: openai/dall-e-2, api_base: %1$s, api_key: sk-a}
            model_info: {id: primary-only}
          - model_name: backup
            litellm_params: {model: openai/dall-e-2, api_base: %2$s, api_key: sk-b}
            model_info: {id: backup-1}
        router_settings:
          num_retries: 1
          allowed_fails: 0
          fallbacks: [{"primary": ["backup"]}]
        litellm_settings:
          callbacks: [stuck, recorder, otel]
        callback_settings:
          stuck: {callback_type: dev.imagegate.gateway.RecordingCallback, id: "%3$s", hang: true, queue_size: 2}
          recorder: {callback_type: dev.imagegate.gateway.RecordingCallback, id: "%4$s"}
        """.formatted(down, up.url("/v1"), hangingId, recorderId);
    Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url("/").toString(),
        "OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=acme%20labs", "OTEL_SERVICE_NAME", "gateway-under-test");
    gateway = new TestGateway(yaml, env, images, new MutableClock(Instant.parse("2026-11-25T00:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    RecordingCallback stuck = RecordingCallback.BY_ID.remove(hangingId);
    if (stuck != null) {
      stuck.gate.countDown();
    }
    RecordingCallback.BY_ID.remove(recorderId);
    gateway.close();
    up.close();
    otlp.close();
  }

  @Test
  void aSinkThatNeverReturnsDoesNotSlowCallsAndItsDropsAreCounted() throws Exception {
    RecordingCallback stuck = RecordingCallback.BY_ID.get(hangingId);
    RecordingCallback recorder = RecordingCallback.BY_ID.get(recorderId);
    gateway.post("/v1/images/generations", "{\"model\":\"demo\",\"size\":\"8x8\",\"prompt\":\"first\"}");
    assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).as("the sink is now stuck in handle()").isTrue();

    long started = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = gateway.post("/v1/images/generations",
          "{\"model\":\"demo\",\"size\":\"8x8\",\"prompt\":\"call " + i + "\"}");
      assertThat(response.statusCode()).isEqualTo(200);
    }
    Duration twenty = Duration.ofNanos(System.nanoTime() - started);

    assertThat(twenty).isLessThan(Duration.ofSeconds(10));
    for (int i = 0; i < 21; i++) {
      assertThat(recorder.next().event()).isEqualTo(CallEvent.Kind.SUCCESS);
    }
    String metrics = gateway.get("/metrics").body();
    assertThat(metrics).contains("imagegate_callback_dropped_events_total{callback=\"stuck\"} 18.0")
        .contains("imagegate_callback_queue_depth{callback=\"stuck\"} 2.0")
        .contains("imagegate_callback_dropped_events_total{callback=\"recorder\"} 0.0");
    assertThat(stuck.events).isEmpty();
  }

  @Test
  void retriesFallbacksAndCooldownsAppearInTheEventAndTheMetrics() throws Exception {
    RecordingCallback recorder = RecordingCallback.BY_ID.get(recorderId);
    up.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
    up.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));

    assertThat(gateway.post("/v1/images/generations", "{\"model\":\"images\",\"prompt\":\"a fox\"}").statusCode())
        .isEqualTo(200);
    assertThat(gateway.post("/v1/images/generations", "{\"model\":\"primary\",\"prompt\":\"a fox\"}")
        .statusCode()).isEqualTo(200);

    CallEvent retried = recorder.next();
    assertThat(retried.retries()).isEqualTo(1);
    assertThat(retried.attempts()).extracting(CallEvent.Attempt::deployment)
        .containsExactly("down-deployment", "up-deployment");
    assertThat(retried.attempts().get(0).errorType()).isNotNull();
    assertThat(retried.attempts().get(1).errorType()).isNull();
    CallEvent fellBack = recorder.next();
    assertThat(fellBack.fallbacks()).containsExactly("backup");
    assertThat(fellBack.deployment()).isEqualTo("backup-1");
    assertThat(fellBack.modelGroup()).isEqualTo("primary");
    String metrics = gateway.get("/metrics").body();
    assertThat(metrics).contains("imagegate_retries_total{model_group=\"images\"} 1.0")
        .contains("imagegate_fallbacks_total{fallback_group=\"backup\",model_group=\"primary\"} 1.0")
        .contains("imagegate_cooldowns_total{deployment=\"down-deployment\",model_group=\"images\"} 1.0")
        .contains("imagegate_requests_total{call_type=\"image_generation\",deployment=\"backup-1\",model_group=\"primary\",status=\"200\"} 1.0")
        .contains("imagegate_cost_usd_total{deployment=\"up-deployment\",model_group=\"images\"} 0.02");
  }

  @Test
  void spansGoToTheOtlpEndpointFromTheEnvironment() throws Exception {
    gateway.post("/v1/images/generations", "{\"model\":\"demo\",\"prompt\":\"a cat\"}");
    RecordingCallback.BY_ID.get(hangingId).gate.countDown();
    gateway.close();

    RecordedRequest export = otlp.takeRequest(10, TimeUnit.SECONDS);
    assertThat(export).isNotNull();
    assertThat(export.getMethod()).isEqualTo("POST");
    assertThat(export.getTarget()).isEqualTo("/v1/traces");
    assertThat(export.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(export.getHeaders().get("x-tenant")).isEqualTo("acme labs");
    String body = export.getBody().string(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(body).contains("image_generation demo", "provider_attempt demo-1", "gateway-under-test");
  }
}
