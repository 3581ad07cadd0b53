package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.testing.MockServers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics carries the JVM and process series, and LiteLLM's metric names when asked for. */
class MetricsSeriesTest {
  @TempDir
  Path dir;

  private static final String CONFIG = """
      model_list:
        - model_name: demo
          litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.25}
        - model_name: down
          litellm_params: {model: openai/dall-e-3, api_base: %s, api_key: sk-x}
      router_settings: {num_retries: 0}
      """;

  @Test
  void jvmAndProcessSeriesAreScraped() throws Exception {
    try (TestGateway gateway = new TestGateway(CONFIG.formatted(MockServers.closedPortUrl("/v1")), Map.of(), dir,
        Clock.systemUTC())) {
      String metrics = gateway.get("/metrics").body();
      assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ",
          "process_cpu_usage ", "process_uptime_seconds ", "system_cpu_count ", "jvm_gc_");
      assertThat(metrics).doesNotContain("litellm_");
    }
  }

  @Test
  void litellmCompatibleNamesCountCallsSpendAndFailures() throws Exception {
    String yaml = CONFIG.formatted(MockServers.closedPortUrl("/v1")) + "litellm_settings: {litellm_compatible_metrics: true}\n";
    try (TestGateway gateway = new TestGateway(yaml, Map.of(), dir, Clock.systemUTC())) {
      assertThat(gateway.post("/v1/images/generations", "{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"8x8\",\"n\":2}")
          .statusCode()).isEqualTo(200);
      int failed = gateway.post("/v1/images/generations", "{\"model\":\"down\",\"prompt\":\"x\"}").statusCode();
      String metrics = gateway.get("/metrics").body();
      assertThat(metrics).contains(
          "litellm_proxy_total_requests_metric_total{api_key_alias=\"None\",end_user=\"None\",requested_model=\"demo\","
              + "status_code=\"200\",team=\"None\",user=\"None\"} 1.0",
          "litellm_spend_metric_total{api_key_alias=\"None\",end_user=\"None\",model=\"demo\",team=\"None\","
              + "user=\"None\"} 0.5",
          "litellm_proxy_failed_requests_metric_total{api_key_alias=\"None\",end_user=\"None\",exception_class=",
          "exception_status=\"" + failed + "\"",
          "litellm_request_total_latency_metric_count{api_key_alias=\"None\",model=\"demo\",team=\"None\"} 1",
          "litellm_deployment_success_responses_total{model_id=",
          "litellm_deployment_failure_responses_total{model_id=",
          "litellm_request_total_latency_metric_bucket{");
      assertThat(metrics).contains("imagegate_requests_total{");
    }
  }
}
