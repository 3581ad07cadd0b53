package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Virtual keys, budgets, limits and spend logs through the real gateway and its SQLite store. */
class GatewayKeysTest {
  private static final String MASTER = "sk-master-keys";

  @TempDir
  Path dir;
  private MockWebServer upstream;
  private TestGateway gateway;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    gateway = new TestGateway(config(), Map.of(), dir, clock);
  }

  private String config() {
    return """
        model_list:
          - model_name: dall-e-3
            litellm_params: {model: openai/dall-e-3, api_base: %s, api_key: sk-upstream}
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
        general_settings:
          master_key: %s
          database_url: sqlite:%s
          proxy_batch_write_at: 0.05
        """.formatted(upstream.url("/v1"), MASTER, dir.resolve("keys.db"));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  private JsonNode admin(String path, String body) throws Exception {
    HttpResponse<String> response = gateway.post(path, body, "Authorization", "Bearer " + MASTER);
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return TestGateway.json(response);
  }

  private String newKey(String body) throws Exception {
    return admin("/key/generate", body).path("key").asText();
  }

  private HttpResponse<String> image(String key, String body, String... headers) throws Exception {
    List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + key));
    all.addAll(List.of(headers));
    return gateway.post("/v1/images/generations", body, all.toArray(String[]::new));
  }

  private void answerDallE() {
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
  }

  private JsonNode spendLogs(String query) throws Exception {
    gateway.gateway.accounts().writer().flush();
    HttpResponse<String> response = gateway.get("/spend/logs" + query, "Authorization", "Bearer " + MASTER);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestGateway.json(response);
  }

  @Test
  void aGeneratedKeyWorksAndItsCallsAreLoggedAndCharged() throws Exception {
    String key = newKey("{\"key_alias\":\"team-a\",\"models\":[\"dall-e-3\"],\"max_budget\":10}");
    assertThat(key).startsWith("sk-");
    answerDallE();

    HttpResponse<String> response = image(key, "{\"model\":\"dall-e-3\",\"prompt\":\"a fox\",\"user\":\"cust-1\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode rows = spendLogs("?api_key=" + key);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("spend").decimalValue()).isEqualByComparingTo("0.04");
    assertThat(rows.get(0).path("model_group").asText()).isEqualTo("dall-e-3");
    assertThat(rows.get(0).path("end_user").asText()).isEqualTo("cust-1");
    assertThat(rows.get(0).path("status").asText()).isEqualTo("success");
    assertThat(rows.get(0).toString()).doesNotContain(MockServers.PNG_1X1).doesNotContain("a fox");
    JsonNode info = TestGateway.json(gateway.get("/key/info?key=" + key, "Authorization", "Bearer " + MASTER));
    assertThat(info.path("info").path("spend").decimalValue()).isEqualByComparingTo("0.04");
    assertThat(info.path("info").path("key_alias").asText()).isEqualTo("team-a");
  }

  @Test
  void aBudgetForThreeCallsLetsThreeThroughAndRefusesTheFourthBeforeTheProvider() throws Exception {
    String key = newKey("{\"max_budget\":0.12}");
    for (int i = 0; i < 3; i++) {
      answerDallE();
      assertThat(image(key, "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> fourth = image(key, "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}");

    assertThat(fourth.statusCode()).isEqualTo(400);
    assertThat(TestGateway.json(fourth).path("error").path("type").asText()).isEqualTo("budget_exceeded");
    assertThat(upstream.getRequestCount()).isEqualTo(3);
    assertThat(spendLogs("?api_key=" + key)).hasSize(3);
  }

  @Test
  void anExpensiveCallThatWouldOvershootIsRefused() throws Exception {
    String key = newKey("{\"max_budget\":0.10}");

    HttpResponse<String> hd = image(key, "{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"quality\":\"hd\","
        + "\"size\":\"1792x1024\"}");

    assertThat(hd.statusCode()).isEqualTo(400);
    assertThat(TestGateway.json(hd).path("error").path("message").asText()).contains("would be exceeded");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void modelAccessBlockingExpiryAndRateLimits() throws Exception {
    String demoOnly = newKey("{\"models\":[\"demo\"],\"rpm_limit\":2}");
    HttpResponse<String> denied = image(demoOnly, "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(denied).path("error").path("message").asText())
        .contains("key not allowed to access model");
    assertThat(TestGateway.json(gateway.get("/v1/models", "Authorization", "Bearer " + demoOnly)).path("data"))
        .extracting(model -> model.path("id").asText()).containsExactly("demo");

    String demo = "{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"4x4\"}";
    assertThat(image(demoOnly, demo).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = image(demoOnly, demo);
    assertThat(limited.statusCode()).isEqualTo(200);
    limited = image(demoOnly, demo);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).isPresent();

    admin("/key/block", "{\"key\":\"" + demoOnly + "\"}");
    assertThat(TestGateway.json(image(demoOnly, demo)).path("error").path("message").asText())
        .contains("Key is blocked");

    String shortLived = newKey("{\"duration\":\"1h\"}");
    assertThat(image(shortLived, demo).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofHours(2));
    HttpResponse<String> expired = image(shortLived, demo);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(expired).path("error").path("message").asText()).contains("Expired Key");
  }

  @Test
  void endUsersHaveTheirOwnBudgets() throws Exception {
    admin("/customer/new", "{\"user_id\":\"cust-9\",\"max_budget\":0.04}");
    answerDallE();
    String body = "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}";
    String[] master = {"Authorization", "Bearer " + MASTER, "x-imagegate-end-user", "cust-9"};

    assertThat(gateway.post("/v1/images/generations", body, master).statusCode()).isEqualTo(200);
    HttpResponse<String> over = gateway.post("/v1/images/generations", body, master);

    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(TestGateway.json(over).path("error").path("type").asText()).isEqualTo("budget_exceeded");
    assertThat(upstream.getRequestCount()).isEqualTo(1);
    JsonNode info = TestGateway.json(gateway.get("/customer/info?end_user_id=cust-9", master));
    assertThat(info.path("spend").decimalValue()).isEqualByComparingTo("0.04");
  }

  @Test
  void failedCallsAreLoggedAndRejectedOnesAreNot() throws Exception {
    String key = newKey("{}");
    upstream.enqueue(json(400, "{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
        + "\"code\":\"content_policy_violation\"}}"));

    assertThat(image(key, "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}").statusCode()).isEqualTo(400);
    assertThat(image(key, "{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"n\":5}").statusCode()).isEqualTo(400);
    assertThat(image(key, "{\"model\":\"nope\",\"prompt\":\"x\"}").statusCode()).isEqualTo(404);

    JsonNode rows = spendLogs("?api_key=" + key);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("status").asText()).isEqualTo("failure");
    assertThat(rows.get(0).path("metadata").path("error_type").asText()).isEqualTo("ContentPolicyViolation");
  }

  @Test
  void twoHundredConcurrentCallsLeaveExactlyTwoHundredRows() throws Exception {
    String key = newKey("{\"key_alias\":\"load\"}");
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(pool.submit(() -> image(key, "{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"2x2\"}")
            .statusCode()));
      }
      for (Future<Integer> call : calls) {
        assertThat(call.get()).isEqualTo(200);
      }
    }
    assertThat(spendLogs("?api_key=" + key + "&limit=1000")).hasSize(200);
  }

  @Test
  void keysAndSpendSurviveARestart() throws Exception {
    String key = newKey("{\"key_alias\":\"durable\",\"max_budget\":1}");
    answerDallE();
    assertThat(image(key, "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}").statusCode()).isEqualTo(200);
    gateway.close();

    gateway = new TestGateway(config(), Map.of(), dir, clock);

    assertThat(image(key, "{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"2x2\"}").statusCode()).isEqualTo(200);
    JsonNode info = TestGateway.json(gateway.get("/key/info?key=" + key, "Authorization", "Bearer " + MASTER));
    assertThat(info.path("info").path("spend").decimalValue()).isEqualByComparingTo("0.04");
    assertThat(spendLogs("?api_key=" + key)).hasSize(2);
  }

  @Test
  void onlyTheMasterKeyManagesKeys() throws Exception {
    String key = newKey("{}");

    HttpResponse<String> refused = gateway.post("/key/generate", "{}", "Authorization", "Bearer " + key);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(gateway.get("/key/info", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
    assertThat(gateway.get("/spend/logs", "Authorization", "Bearer " + key).statusCode()).isEqualTo(403);
    HttpResponse<String> bad = gateway.post("/key/generate", "{\"max_budget\":-1}", "Authorization",
        "Bearer " + MASTER);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(TestGateway.json(bad).path("error").path("param").asText()).isEqualTo("max_budget");
  }
}
