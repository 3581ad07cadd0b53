package dev.imagegate.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.spend.SpendLogQuery;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.util.Map;
import dev.imagegate.gateway.store.Principal.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed management input is a BadRequest naming the parameter. */
class RequestParsingTest {
  static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"max_budget\": -1}|max_budget|must not be negative",
      "{\"max_budget\": \"10\"}|max_budget|must be a number",
      "{\"duration\": \"30x\"}|duration|is not a duration",
      "{\"budget_duration\": 30}|budget_duration|non-empty string",
      "{\"rpm_limit\": 1.5}|rpm_limit|whole number",
      "{\"max_parallel_requests\": -2}|max_parallel_requests|whole number",
      "{\"models\": \"dall-e-3\"}|models|list of strings",
      "{\"models\": [\"\"]}|models|non-empty strings",
      "{\"metadata\": [1]}|metadata|JSON object",
      "{\"key_alias\": \"\"}|key_alias|non-empty string",
      "{\"max_budgt\": 10}|max_budgt|Unknown field"})
  void generateRefusesBadFieldsByName(String body, String param, String message) {
    assertThatThrownBy(() -> GenerateKeyRequest.from(json(body))).isInstanceOf(BadRequest.class)
        .hasMessageContaining(message).satisfies(e -> assertThat(((BadRequest) e).param()).isEqualTo(param));
  }

  @Test
  void generateReadsEveryField() throws Exception {
    GenerateKeyRequest request = GenerateKeyRequest.from(json("{\"models\": [\"dall-e-3\"], \"key_alias\": \"a\", "
        + "\"duration\": \"30d\", \"max_budget\": 0.1, \"budget_duration\": \"1mo\", \"rpm_limit\": 0, "
        + "\"max_parallel_requests\": 2, \"user_id\": \"u\", \"team_id\": \"t\", \"metadata\": {\"k\": null}, "
        + "\"tags\": [\"x\"], \"guardrails\": [\"pii\"]}"));
    assertThat(request.maxBudget()).isEqualByComparingTo(new BigDecimal("0.1"));
    assertThat(request.duration()).hasToString("30d");
    assertThat(request.rpmLimit()).isZero();
    assertThat(request.metadata()).containsEntry("k", null);
    assertThat(request.guardrails()).containsExactly("pii");
  }

  @Test
  void updateTellsAbsentFromNull() throws Exception {
    UpdateKeyRequest update = UpdateKeyRequest.from(json("{\"key\": \"sk-x\", \"max_budget\": null}"));
    assertThat(update.maxBudget()).isEqualTo(Change.set(null));
    assertThat(update.rpmLimit().present()).isFalse();
    assertThatThrownBy(() -> UpdateKeyRequest.from(json("{\"max_budget\": 1}"))).isInstanceOf(BadRequest.class)
        .satisfies(e -> assertThat(((BadRequest) e).param()).isEqualTo("key"));
  }

  @Test
  void queriesAndOtherBodiesAreValidatedToo() throws Exception {
    assertThatThrownBy(() -> KeyListQuery.from(Map.of("size", "500")::get)).isInstanceOf(BadRequest.class)
        .satisfies(e -> assertThat(((BadRequest) e).param()).isEqualTo("size"));
    assertThatThrownBy(() -> KeyListQuery.from(Map.of("page", "x")::get)).isInstanceOf(BadRequest.class);
    assertThatThrownBy(() -> SpendLogQuery.from(Map.of("start_date", "yesterday")::get))
        .isInstanceOf(BadRequest.class).satisfies(e -> assertThat(((BadRequest) e).param()).isEqualTo("start_date"));
    assertThat(SpendLogQuery.from(Map.of("api_key", "sk-abc")::get).apiKey()).isEqualTo(KeySecrets.hash("sk-abc"));
    assertThatThrownBy(() -> KeyRef.Delete.from(json("{}"))).isInstanceOf(BadRequest.class);
    assertThatThrownBy(() -> PrincipalRequests.New.from(Kind.END_USER, json("{\"max_budget\": 1}")))
        .isInstanceOf(BadRequest.class)
        .satisfies(e -> assertThat(((BadRequest) e).param()).isEqualTo("user_id"));
    assertThatThrownBy(() -> PrincipalRequests.New.from(Kind.TEAM, json("[1]"))).isInstanceOf(BadRequest.class)
        .hasMessageContaining("JSON object");
  }

  @Test
  void secretsAreLongUrlSafeAndHashedAsLiteLlmDoes() {
    String secret = new KeySecrets(new java.security.SecureRandom()).newSecret();
    assertThat(secret).matches("sk-[A-Za-z0-9_-]{43}");
    assertThat(KeySecrets.hash("sk-1234"))
        .isEqualTo("88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b");
    assertThat(KeySecrets.token("sk-1234")).isEqualTo(KeySecrets.hash("sk-1234"));
    assertThat(KeySecrets.token("abcdef")).isEqualTo("abcdef");
    assertThat(KeySecrets.abbreviate("sk-abcdefgh")).isEqualTo("sk-...efgh");
  }
}
