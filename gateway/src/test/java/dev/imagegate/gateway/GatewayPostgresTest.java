package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.testing.Postgres;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway on the real PostgreSQL: keys, budgets and spend survive a restart there too. */
class GatewayPostgresTest {
  private static final String MASTER = "sk-master-pg";

  @TempDir
  Path dir;
  private final String schema = Postgres.newSchema();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

  @BeforeAll
  static void requirePostgres() {
    Postgres.require("GatewayPostgresTest");
  }

  @AfterEach
  void dropSchema() throws Exception {
    Postgres.dropSchema(schema);
  }

  private TestGateway start() throws Exception {
    return new TestGateway("""
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.25}
        general_settings:
          master_key: %s
          database_url: postgresql://postgres@%s:%d/test?schema=%s
        """.formatted(MASTER, Postgres.HOST, Postgres.PORT, schema), Map.of(), dir, clock);
  }

  @Test
  void keysSpendAndBudgetsSurviveARestart() throws Exception {
    String key;
    String call = "{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"2x2\"}";
    try (TestGateway gateway = start()) {
      key = TestGateway.json(gateway.post("/key/generate", "{\"max_budget\":0.5}", "Authorization",
          "Bearer " + MASTER)).path("key").asText();
      assertThat(gateway.post("/v1/images/generations", call, "Authorization", "Bearer " + key).statusCode())
          .isEqualTo(200);
    }

    try (TestGateway gateway = start()) {
      assertThat(gateway.post("/v1/images/generations", call, "Authorization", "Bearer " + key).statusCode())
          .isEqualTo(200);
      HttpResponse<String> third = gateway.post("/v1/images/generations", call, "Authorization", "Bearer " + key);
      assertThat(third.statusCode()).as("0.25 + 0.25 spent of 0.5").isEqualTo(400);
      gateway.gateway.accounts().writer().flush();
      JsonNode rows = TestGateway.json(gateway.get("/spend/logs?api_key=" + key, "Authorization",
          "Bearer " + MASTER));
      assertThat(rows).hasSize(2);
      JsonNode total = TestGateway.json(gateway.get("/global/spend", "Authorization", "Bearer " + MASTER));
      assertThat(total.path("spend").decimalValue()).isEqualByComparingTo("0.5");
    }
  }
}
