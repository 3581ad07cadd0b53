package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import dev.imagegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the admin UI reads besides LiteLLM's usual answers: {@code GET /user/list} and {@code /customer/list} (master
 * key only), each deployment's capabilities and catalogue prices in {@code /v1/model/info} (the playground's
 * choices, the models page's prices), and each deployment's requests this minute and calls in flight in
 * {@code /health} (the models page's rpm use).
 */
class UiDataEndpointsTest {
  private static final String MASTER = "sk-master-ui-data";
  private static final String[] ADMIN = {"Authorization", "Bearer " + MASTER};

  @TempDir
  Path dir;
  private TestGateway gateway;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:10Z"));

  @BeforeEach
  void start() throws Exception {
    gateway = new TestGateway("""
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo, rpm: 30}
          - model_name: dalle
            litellm_params: {model: openai/dall-e-3, api_key: sk-upstream, api_base: "http://127.0.0.1:9/v1"}
        general_settings:
          master_key: %s
          proxy_batch_write_at: 0.2
        """.formatted(MASTER), Map.of(), dir, clock);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  @Test
  void usersAndCustomersAreListedForTheMasterKeyOnly() throws Exception {
    assertThat(gateway.post("/user/new", "{\"user_id\":\"u1\",\"user_alias\":\"Ann\",\"max_budget\":3}", ADMIN)
        .statusCode()).isEqualTo(200);
    assertThat(gateway.post("/user/new", "{\"user_id\":\"u2\"}", ADMIN).statusCode()).isEqualTo(200);
    assertThat(gateway.post("/customer/new", "{\"user_id\":\"c1\",\"alias\":\"Shop\",\"max_budget\":2}", ADMIN)
        .statusCode()).isEqualTo(200);

    JsonNode users = TestGateway.json(gateway.get("/user/list", ADMIN));
    assertThat(values(users, "user_id")).containsExactlyInAnyOrder("u1", "u2");
    JsonNode ann = users.get(values(users, "user_id").indexOf("u1"));
    assertThat(ann.path("user_alias").asText()).isEqualTo("Ann");
    assertThat(ann.path("max_budget").decimalValue()).isEqualByComparingTo("3");
    assertThat(ann.path("spend").decimalValue()).isEqualByComparingTo("0");

    for (String path : List.of("/customer/list", "/end_user/list")) {
      JsonNode customers = TestGateway.json(gateway.get(path, ADMIN));
      assertThat(values(customers, "user_id")).as(path).containsExactly("c1");
      assertThat(customers.get(0).path("alias").asText()).isEqualTo("Shop");
      assertThat(customers.get(0).path("litellm_budget_table").path("max_budget").decimalValue())
          .isEqualByComparingTo("2");
    }

    String key = TestGateway.json(gateway.post("/key/generate", "{}", ADMIN)).path("key").asText();
    for (String path : List.of("/user/list", "/customer/list", "/end_user/list")) {
      HttpResponse<String> refused = gateway.get(path, "Authorization", "Bearer " + key);
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(TestGateway.json(refused).path("error").path("message").asText())
          .isEqualTo("Only the master key may call " + path);
      assertThat(gateway.get(path).statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void modelInfoDescribesWhatEachDeploymentTakesAndItsCataloguePrices() throws Exception {
    JsonNode data = TestGateway.json(gateway.get("/v1/model/info", ADMIN)).path("data");
    JsonNode mock = data.get(0).path("model_info").path("capabilities");
    assertThat(mock.path("n").path("min").asInt()).isEqualTo(1);
    assertThat(mock.path("n").path("max").asInt()).isEqualTo(10);
    assertThat(mock.path("sizes").asText()).isEqualTo("any");

    JsonNode dalle = data.get(1).path("model_info").path("capabilities");
    assertThat(dalle.path("n").path("max").asInt()).as("dall-e-3 makes one image per upstream call, served up to")
        .isGreaterThanOrEqualTo(1);
    assertThat(values(dalle.path("sizes"), null)).containsExactlyInAnyOrder("1024x1024", "1792x1024", "1024x1792");
    assertThat(values(dalle.path("qualities"), null)).contains("standard", "hd");
    assertThat(values(dalle.path("styles"), null)).containsExactlyInAnyOrder("vivid", "natural");
    assertThat(values(dalle.path("response_formats"), null)).containsExactlyInAnyOrder("url", "b64_json");
    JsonNode prices = data.get(1).path("model_info").path("catalogue_prices");
    assertThat(prices.path("per_image").path("standard|1024x1024").decimalValue()).isEqualByComparingTo("0.04");
    assertThat(prices.path("per_image").path("hd|1792x1024").decimalValue()).isEqualByComparingTo("0.12");
  }

  @Test
  void healthCountsEachDeploymentsRequestsThisMinute() throws Exception {
    JsonNode before = TestGateway.json(gateway.get("/health", ADMIN)).path("healthy_endpoints").get(0);
    assertThat(before.path("model_name").asText()).isEqualTo("demo");
    assertThat(before.path("rpm").asInt()).isEqualTo(30);
    assertThat(before.path("requests_this_minute").asLong()).isZero();
    assertThat(before.path("in_flight").asInt()).isZero();

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> made = gateway.post("/v1/images/generations",
          "{\"model\":\"demo\",\"prompt\":\"x\",\"size\":\"64x64\"}", ADMIN);
      assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    }
    JsonNode after = TestGateway.json(gateway.get("/health", ADMIN)).path("healthy_endpoints").get(0);
    assertThat(after.path("requests_this_minute").asLong()).isEqualTo(2);
    assertThat(after.path("in_flight").asInt()).isZero();
    clock.advance(Duration.ofMinutes(1));
    JsonNode nextMinute = TestGateway.json(gateway.get("/health", ADMIN)).path("healthy_endpoints").get(0);
    assertThat(nextMinute.path("requests_this_minute").asLong()).isZero();
  }

  private static List<String> values(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(field == null ? item.asText() : item.path(field).asText()));
    return out;
  }
}
