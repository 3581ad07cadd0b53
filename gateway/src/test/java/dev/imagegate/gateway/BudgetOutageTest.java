package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.testing.Redis;
import dev.imagegate.gateway.testing.TcpProxy;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What key limits do while the fleet's Redis does not answer: budgets fail closed by default (503, at once, never a
 * hang), or are checked per gateway with {@code budget_checks_on_outage: per_process}; rate limits fall back to this
 * gateway's own sliding window. Each says so once in the log and counts in a metric.
 */
class BudgetOutageTest {
  private static final String MASTER = "sk-master-outage";
  private static final String BODY = "{\"model\":\"paid\",\"prompt\":\"a fox\",\"size\":\"16x16\"}";

  @TempDir
  Path dir;
  String namespace;
  TcpProxy proxy;
  TestGateway gateway;

  @BeforeAll
  static void redis() {
    Redis.require("BudgetOutageTest");
  }

  @BeforeEach
  void proxy() throws Exception {
    namespace = Redis.newNamespace();
    proxy = new TcpProxy(new InetSocketAddress(Redis.HOST, Redis.PORT));
  }

  @AfterEach
  void close() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    proxy.close();
    Redis.clear(namespace);
  }

  void start(String policy) throws Exception {
    gateway = new TestGateway("""
        model_list:
          - model_name: paid
            litellm_params: {model: mock/imagegate-demo, output_cost_per_image: 0.01}
        router_settings:
          redis_url: redis://127.0.0.1:%d
        general_settings:
          master_key: %s
        %s
        """.formatted(proxy.port(), MASTER, policy == null ? "" : "  budget_checks_on_outage: " + policy),
        Map.of("IMAGEGATE_REDIS_NAMESPACE", namespace), dir, Clock.systemUTC());
  }

  String key(String body) throws Exception {
    return TestGateway.json(gateway.post("/key/generate", body, "Authorization", "Bearer " + MASTER)).path("key")
        .asText();
  }

  HttpResponse<String> image(String key) throws Exception {
    return gateway.post("/v1/images/generations", BODY, "Authorization", "Bearer " + key);
  }

  @Test
  void budgetsFailClosedAndRateLimitsGoPerProcessWhileRedisIsDown() throws Exception {
    start(null);
    String budgeted = key("{\"max_budget\": 1}");
    String limited = key("{\"rpm_limit\": 2}");
    assertThat(image(budgeted).statusCode()).isEqualTo(200);
    assertThat(image(limited).statusCode()).isEqualTo(200);

    proxy.cut();
    long start = System.nanoTime();
    HttpResponse<String> refused = image(budgeted);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse").isLessThan(5_000);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(TestGateway.json(refused).path("error").path("message").asText())
        .contains("budget_checks_on_outage is fail_closed");
    assertThat(image(limited).statusCode()).as("rate limits fall back to this gateway").isEqualTo(200);
    assertThat(image(limited).statusCode()).as("whose own window counted the call before the outage too")
        .isEqualTo(429);

    String log = gateway.log.toString(StandardCharsets.UTF_8);
    assertThat(log.split("budget checks follow budget_checks_on_outage", -1)).hasSize(2);
    String metrics = gateway.get("/metrics").body();
    assertThat(metrics).containsPattern("imagegate_budget_outage_decisions_total [1-9]");

    proxy.restore();
    HttpResponse<String> back = null;
    for (int i = 0; i < 100 && (back == null || back.statusCode() != 200); i++) {
      Thread.sleep(50);
      back = image(budgeted);
    }
    assertThat(back.statusCode()).as("Redis answers again").isEqualTo(200);
  }

  @Test
  void perProcessPolicyKeepsServingBudgetedCallsAgainstThisGatewaysCounters() throws Exception {
    start("per_process");
    String budgeted = key("{\"max_budget\": 0.02}");
    assertThat(image(budgeted).statusCode()).isEqualTo(200);
    proxy.cut();
    assertThat(image(budgeted).statusCode()).isEqualTo(200);
    HttpResponse<String> spent = image(budgeted);
    assertThat(spent.statusCode()).isEqualTo(400);
    assertThat(TestGateway.json(spent).path("error").path("type").asText()).isEqualTo("budget_exceeded");
  }
}
