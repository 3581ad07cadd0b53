package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spend writer's queue and the shared state's fallbacks are on /metrics, and move with calls. */
class MetricsWiringTest {
  @TempDir
  Path dir;

  @Test
  void spendQueueAndSharedStateAreExposed() throws Exception {
    try (TestGateway gateway = new TestGateway(TestGateway.mockConfig(""), Map.of(), dir,
        new MutableClock(Instant.parse("2026-11-25T00:00:00Z")))) {
      assertThat(gateway.post("/v1/images/generations", "{\"model\":\"mock/imagegate-demo\",\"prompt\":\"x\","
          + "\"size\":\"2x2\"}").statusCode()).isEqualTo(200);

      String metrics = gateway.get("/metrics").body();

      assertThat(metrics).contains("imagegate_spend_queue_depth 1.0")
          .contains("imagegate_spend_dropped_rows_total 0.0")
          .contains("imagegate_shared_state_fallbacks_total 0.0")
          .contains("imagegate_upstream_buffer_available_bytes "
              + (double) gateway.gateway.settings().upstreamBufferBytes())
          .contains("imagegate_upstream_buffer_waiting 0.0");
      gateway.gateway.accounts().writer().flush();
      assertThat(gateway.get("/metrics").body()).contains("imagegate_spend_queue_depth 0.0");
    }
  }
}
