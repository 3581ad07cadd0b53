package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.testing.GatewayProcess;
import dev.imagegate.testing.Fixtures;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process is killed with SIGKILL under load, with the default 10 s batch interval (so the database
 * writer has flushed nothing): every 200 a client received still has its spend row once the next gateway has started
 * (it replays the journal), and the key's stored spend is the sum of its rows. The next gateway then stops on SIGTERM
 * and loses nothing either.
 */
class CrashSpendTest {
  private static final String MASTER = "sk-master-crash-test";

  @TempDir
  Path dir;

  final HttpClient client = HttpClient.newHttpClient();

  @Test
  void everyPaidAnswerAClientReceivedHasItsRowAfterSigkill() throws Exception {
    Path db = dir.resolve("crash.db");
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        model_list:
          - model_name: paid
            litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.01}
        general_settings:
          master_key: %s
          database_url: sqlite:%s
        """.formatted(MASTER, db));
    Set<String> received = ConcurrentHashMap.newKeySet();
    String key;
    try (GatewayProcess first = GatewayProcess.start(config, dir, "first")) {
      HttpResponse<String> created = first.post(client, "/key/generate", "{\"max_budget\": 1000}",
          "Authorization", "Bearer " + MASTER);
      assertThat(created.statusCode()).isEqualTo(200);
      key = Fixtures.tree(created.body()).path("key").asText();
      AtomicBoolean dead = new AtomicBoolean();
      try (var load = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 8; i++) {
          load.submit(() -> drive(first, key, received, dead));
        }
        while (received.size() < 300) {
          Thread.sleep(5);
        }
        first.kill();
        dead.set(true);
      }
    }
    assertThat(rows(db, received)).as("rows stored before the next start").isLessThan(received.size());

    Set<String> afterRestart = ConcurrentHashMap.newKeySet();
    GatewayProcess second = GatewayProcess.start(config, dir, "second");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = second.post(client, "/v1/images/generations", body(), "Authorization",
          "Bearer " + key);
      assertThat(response.statusCode()).isEqualTo(200);
      afterRestart.add(response.headers().firstValue("x-imagegate-call-id").orElseThrow());
    }
    assertThat(second.stop()).isIn(0, 143);

    assertThat(rows(db, received)).isEqualTo(received.size());
    assertThat(rows(db, afterRestart)).isEqualTo(5);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         ResultSet rs = connection.createStatement().executeQuery("SELECT k.spend_nanos, (SELECT SUM(cost_nanos) "
             + "FROM ig_spend_log s WHERE s.key_id = k.key_id) AS rows_sum, (SELECT COUNT(*) FROM ig_spend_log s "
             + "WHERE s.key_id = k.key_id) AS n FROM ig_key k")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong("spend_nanos")).isEqualTo(rs.getLong("rows_sum"));
      assertThat(rs.getLong("n")).isGreaterThanOrEqualTo(received.size() + 5L);
      assertThat(rs.getLong("spend_nanos")).isGreaterThanOrEqualTo((received.size() + 5L) * 10_000_000L);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().contains("spend-journal"))
          .flatMap(CrashSpendTest::list).toList()).as("journal segments left").isEmpty();
    }
  }

  private void drive(GatewayProcess gateway, String key, Set<String> received, AtomicBoolean dead) {
    while (!dead.get()) {
      try {
        HttpResponse<String> response = gateway.post(client, "/v1/images/generations", body(), "Authorization",
            "Bearer " + key);
        if (response.statusCode() == 200) {
          received.add(response.headers().firstValue("x-imagegate-call-id").orElseThrow());
        }
      } catch (Exception e) {
        return;
      }
    }
  }

  private static String body() {
    return "{\"model\":\"paid\",\"prompt\":\"a lighthouse\",\"size\":\"64x64\"}";
  }

  private static java.util.stream.Stream<Path> list(Path directory) {
    try {
      return Files.list(directory).toList().stream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int rows(Path db, Set<String> ids) throws Exception {
    Set<String> found = new HashSet<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         PreparedStatement statement = connection.prepareStatement("SELECT request_id FROM ig_spend_log")) {
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    found.retainAll(List.copyOf(ids));
    return found.size();
  }
}
