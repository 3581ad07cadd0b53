package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second gateway on a SQLite file that one is using is refused at start-up, pointing to PostgreSQL. */
class OneGatewayPerSqliteFileTest {
  @TempDir
  Path dir;

  private String config(Path db) {
    return TestGateway.mockConfig("general_settings: {database_url: 'sqlite:" + db + "'}\n");
  }

  @Test
  void theSecondGatewayIsRefusedAndTheFileIsFreeAgainAfterTheFirstStops() throws Exception {
    Path db = dir.resolve("shared.db");
    try (TestGateway first = new TestGateway(config(db), Map.of(), dir.resolve("a"), Clock.systemUTC())) {
      assertThatThrownBy(() -> new TestGateway(config(db), Map.of(), dir.resolve("b"), Clock.systemUTC()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another gateway (pid " + ProcessHandle.current().pid() + ")")
          .hasMessageContaining(db.toString())
          .hasMessageContaining("point every gateway at PostgreSQL");
      assertThat(first.get("/health/readiness").statusCode()).isEqualTo(200);
    }
    try (TestGateway again = new TestGateway(config(db), Map.of(), dir.resolve("c"), Clock.systemUTC())) {
      assertThat(again.get("/health/readiness").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void twoFilesTwoGateways() throws Exception {
    try (TestGateway a = new TestGateway(config(dir.resolve("a.db")), Map.of(), dir.resolve("a"), Clock.systemUTC());
         TestGateway b = new TestGateway(config(dir.resolve("b.db")), Map.of(), dir.resolve("b"), Clock.systemUTC())) {
      assertThat(a.gateway.port()).isNotEqualTo(b.gateway.port());
    }
  }
}
