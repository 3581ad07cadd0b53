package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.testing.GatewayProcess;
import dev.imagegate.gateway.testing.Postgres;
import dev.imagegate.gateway.testing.Redis;
import dev.imagegate.testing.Fixtures;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real gateway processes on one PostgreSQL, with one Redis ({@link FleetLimitsRedisTest}) or without
 * ({@link FleetLimitsDatabaseTest}):
 * a key's budget and {@code rpm_limit} hold for the fleet, whether calls race on both gateways or alternate between
 * them (before: each gateway granted the whole budget and the whole limit, 2x), and a key blocked on one is refused
 * by the other within a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FleetLimitsContract {
  private final boolean redis;

  FleetLimitsContract(boolean redis) {
    this.redis = redis;
  }

  private static final String MASTER = "sk-master-fleet";

  Path dir;

  String schema;
  String namespace;
  GatewayProcess first;
  GatewayProcess second;
  /** The tokens of the keys with a $0.20 budget the tests spent. */
  final List<String> budgeted = new CopyOnWriteArrayList<>();
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    Postgres.require(getClass().getSimpleName());
    if (redis) {
      Redis.require(getClass().getSimpleName());
    }
    dir = Files.createTempDirectory("imagegate-fleet-test");
    schema = Postgres.newSchema();
    namespace = Redis.newNamespace();
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        model_list:
          - model_name: paid
            litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.04}
        %s
        general_settings:
          master_key: %s
          database_url: postgresql://postgres@%s:%d/test?schema=%s
        """.formatted(redis ? "router_settings: {redis_url: \"" + Redis.URL + "\"}" : "", MASTER, Postgres.HOST,
            Postgres.PORT, schema));
    Map<String, String> env = Map.of("IMAGEGATE_REDIS_NAMESPACE", namespace);
    first = GatewayProcess.start(config, dir, "first", env);
    second = GatewayProcess.start(config, dir, "second", env);
  }

  @AfterAll
  void stop() throws Exception {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    if (schema != null) {
      Postgres.dropSchema(schema);
    }
    if (redis && namespace != null) {
      Redis.clear(namespace);
    }
  }

  @Test
  @Order(1)
  void fiftyConcurrentCallsOnTwoGatewaysSpendTheBudgetOnce() throws Exception {
    String key = key("{\"max_budget\": 0.20}");
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        GatewayProcess gateway = i % 2 == 0 ? first : second;
        calls.add(threads.submit(() -> image(gateway, key)));
      }
    }
    int ok = 0;
    for (Future<HttpResponse<String>> call : calls) {
      int status = call.get().statusCode();
      assertThat(status).as(call.get().body()).isIn(200, 400);
      ok += status == 200 ? 1 : 0;
    }
    assertThat(ok).isEqualTo(5);
    assertThat(image(first, key).statusCode()).isEqualTo(400);
    assertThat(image(second, key).statusCode()).isEqualTo(400);
  }

  @Test
  @Order(2)
  void sequentialCallsAlternatingBetweenGatewaysSpendTheBudgetOnce() throws Exception {
    String key = key("{\"max_budget\": 0.20}");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      statuses.add(image(i % 2 == 0 ? first : second, key).statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 400, 400, 400, 400, 400);
  }

  @Test
  @Order(3)
  void aKeysRpmLimitHoldsAcrossTheFleet() throws Exception {
    String key = key("{\"rpm_limit\": 10}");
    int ok = 0;
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = image(i % 2 == 0 ? first : second, key);
      assertThat(response.statusCode()).isIn(200, 429);
      ok += response.statusCode() == 200 ? 1 : 0;
      if (response.statusCode() == 429) {
        assertThat(response.headers().firstValue("retry-after")).isPresent();
      }
    }
    assertThat(ok).isEqualTo(10);
  }

  @Test
  @Order(4)
  void aKeyBlockedOnOneGatewayIsRefusedByTheOtherWithinASecond() throws Exception {
    String key = key("{}");
    assertThat(image(second, key).statusCode()).isEqualTo(200);
    HttpResponse<String> blocked = first.post(client, "/key/block", "{\"key\":\"" + key + "\"}", "Authorization",
        "Bearer " + MASTER);
    assertThat(blocked.statusCode()).isEqualTo(200);
    long start = System.nanoTime();
    int status = 200;
    while (status == 200 && System.nanoTime() - start < 10_000_000_000L) {
      status = image(second, key).statusCode();
    }
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    System.out.println(getClass().getSimpleName() + ": the other gateway refused the blocked key after " + tookMs
        + " ms");
    assertThat(status).isEqualTo(401);
    assertThat(tookMs).as("ms until the other gateway refused the key").isLessThan(2_000);
  }

  @Test
  @Order(99)
  void afterSigtermEveryKeysStoredSpendIsTheSumOfItsRowsAndWithinItsBudget() throws Exception {
    assertThat(first.stop()).isIn(0, 143);
    assertThat(second.stop()).isIn(0, 143);
    assertThat(budgeted).isNotEmpty();
    try (Connection connection = DriverManager.getConnection(Postgres.ADMIN_URL, "postgres", "");
         PreparedStatement statement = connection.prepareStatement("SELECT k.spend_nanos, (SELECT SUM(cost_nanos) "
             + "FROM " + schema + ".ig_spend_log s WHERE s.key_id = k.key_id) AS total, (SELECT COUNT(*) FROM "
             + schema + ".ig_spend_log s WHERE s.key_id = k.key_id) AS n FROM " + schema + ".ig_key k "
             + "WHERE k.token = ?")) {
      for (String token : budgeted) {
        statement.setString(1, token);
        try (ResultSet rs = statement.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong("n")).isEqualTo(5);
          assertThat(rs.getLong("total")).isEqualTo(200_000_000L);
          assertThat(rs.getLong("spend_nanos")).isEqualTo(200_000_000L);
        }
      }
    }
  }

  private String key(String body) throws Exception {
    HttpResponse<String> created = first.post(client, "/key/generate", body, "Authorization", "Bearer " + MASTER);
    assertThat(created.statusCode()).isEqualTo(200);
    if (body.contains("max_budget")) {
      budgeted.add(Fixtures.tree(created.body()).path("token").asText());
    }
    return Fixtures.tree(created.body()).path("key").asText();
  }

  private HttpResponse<String> image(GatewayProcess gateway, String key) throws Exception {
    return gateway.post(client, "/v1/images/generations",
        "{\"model\":\"paid\",\"prompt\":\"a lighthouse\",\"size\":\"64x64\"}", "Authorization", "Bearer " + key);
  }
}
