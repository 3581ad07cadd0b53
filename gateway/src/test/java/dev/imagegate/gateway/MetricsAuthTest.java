package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} is open like LiteLLM's unless the config asks for the master key. */
class MetricsAuthTest {
  @TempDir
  Path images;

  @Test
  void openByDefaultEvenWithAMasterKey() throws Exception {
    try (TestGateway gateway = new TestGateway(TestGateway.mockConfig("general_settings: {master_key: sk-admin}\n"),
        Map.of(), images, Clock.systemUTC())) {
      assertThat(gateway.get("/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theMasterKeyWhenRequired() throws Exception {
    String yaml = TestGateway.mockConfig("""
        general_settings: {master_key: sk-admin}
        litellm_settings: {require_auth_for_metrics_endpoint: true}
        """);
    try (TestGateway gateway = new TestGateway(yaml, Map.of(), images, Clock.systemUTC())) {
      assertThat(gateway.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(gateway.get("/metrics", "Authorization", "Bearer sk-admin").body())
          .contains("imagegate_in_flight_requests");
    }
  }
}
