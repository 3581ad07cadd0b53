package dev.imagegate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ContentFilter;
import dev.imagegate.Cost;
import dev.imagegate.Usage;
import dev.imagegate.gateway.budget.CallOutcome;
import dev.imagegate.gateway.budget.Permit;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.keys.GeneratedKey;
import dev.imagegate.gateway.spend.SpendLogQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store contract, spend queries: LiteLLM's /spend/logs and /global/spend shapes over real rows. */
abstract class SpendContract extends KeyContract {
  @Test
  void spendLogsAndGlobalSpendAnswerInLiteLlmsShapes() {
    GeneratedKey a = generate("{\"key_alias\": \"a\"}");
    GeneratedKey b = generate("{\"key_alias\": \"b\", \"user_id\": \"u1\"}");
    AuthenticatedKey authA = gateway.cache.authenticate(a.key());
    AuthenticatedKey authB = gateway.cache.authenticate(b.key());
    call(authA, "alice", "dall-e-3", "req-1", Cost.table(new BigDecimal("0.04")));
    clock.advance(Duration.ofDays(1));
    call(authB, "bob", "gpt-image-1", "req-2", Cost.table(new BigDecimal("0.167")));
    clock.advance(Duration.ofMinutes(1));
    call(authB, "alice", "gpt-image-1", "req-3", Cost.unpriced("no price"));
    gateway.writer.flush();

    List<Map<String, Object>> all = gateway.spend.logs(SpendLogQuery.from(name -> null));
    assertThat(all).extracting(r -> r.get("request_id")).containsExactly("req-3", "req-2", "req-1");
    Map<String, Object> first = all.get(2);
    assertThat(first).containsEntry("api_key", authA.key().token()).containsEntry("spend", new BigDecimal("0.04"))
        .containsEntry("model_group", "dall-e-3").containsEntry("end_user", "alice").containsEntry("status", "success")
        .containsEntry("startTime", "2026-03-01T00:00:00Z").containsEntry("model_id", "dep-1");
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) first.get("metadata");
    assertThat(metadata).containsEntry("prompt", null).containsEntry("size", "1024x1024");
    assertThat(all.get(0)).containsEntry("spend", null).containsEntry("total_tokens", 30L);

    assertThat(gateway.spend.logs(SpendLogQuery.from(Map.of("api_key", b.key())::get))).hasSize(2);
    assertThat(gateway.spend.logs(SpendLogQuery.from(Map.of("user_id", "u1")::get))).hasSize(2);
    assertThat(gateway.spend.logs(SpendLogQuery.from(Map.of("end_user", "alice")::get))).hasSize(2);
    assertThat(gateway.spend.logs(SpendLogQuery.from(Map.of("request_id", "req-2")::get))).hasSize(1);
    assertThat(gateway.spend.logs(SpendLogQuery.from(Map.of("start_date", "2026-03-01", "end_date",
        "2026-03-01")::get))).extracting(r -> r.get("request_id")).containsExactly("req-1");

    assertThat(gateway.spend.global(null, null)).containsEntry("spend", new BigDecimal("0.207"));
    assertThat(gateway.spend.byKey(null, null, 10)).extracting(k -> k.get("key_alias"), k -> k.get("total_spend"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", new BigDecimal("0.167")),
            org.assertj.core.groups.Tuple.tuple("a", new BigDecimal("0.04")));
    assertThat(gateway.spend.byModel(null, null, 10)).first().isEqualTo(
        Map.of("model", "gpt-image-1", "total_spend", new BigDecimal("0.167")));
    assertThat(gateway.spend.byEndUser(null, null, null, 10)).extracting(e -> e.get("end_user"),
        e -> e.get("total_count")).containsExactly(org.assertj.core.groups.Tuple.tuple("bob", 1L),
        org.assertj.core.groups.Tuple.tuple("alice", 2L));
    assertThat(gateway.spend.byEndUser(a.key(), null, null, 10)).hasSize(1);
  }

  @Test
  void aPaidCallWhoseAnswerWasNotSentKeepsItsRowAndCostMarkedUndelivered() {
    GeneratedKey a = generate("{\"key_alias\": \"gone\"}");
    AuthenticatedKey auth = gateway.cache.authenticate(a.key());
    try (Permit permit = gateway.admit(auth, null, "dall-e-3", Cost.table(new BigDecimal("0.04")))) {
      permit.complete(new CallOutcome("req-gone", "dep-1", "openai", 1, "1024x1024", "standard",
          Cost.table(new BigDecimal("0.04")), null, 800, SpendRow.Status.SUCCESS, null, 0, 0, null, null));
      permit.undelivered("req-gone");
    }
    gateway.writer.flush();

    assertThat(gateway.spend.logs(SpendLogQuery.from(Map.of("request_id", "req-gone")::get))).singleElement()
        .satisfies(row -> assertThat(row).containsEntry("status", "undelivered")
            .containsEntry("spend", new BigDecimal("0.04")));
    assertThat(gateway.spend.global(null, null)).containsEntry("spend", new BigDecimal("0.04"));
  }

  @Test
  void anAnswersContentFilterVerdictsAreStoredAndAnsweredAndARowWithoutThemStoresNull() {
    AuthenticatedKey auth = gateway.cache.authenticate(generate("{\"key_alias\": \"cf\"}").key());
    ContentFilter verdicts = new ContentFilter(List.of(
        new ContentFilter.ImageVerdicts(Map.of("sexual", new ContentFilter.Verdict(false, "safe", null)), Map.of()),
        new ContentFilter.ImageVerdicts(Map.of("violence", new ContentFilter.Verdict(true, "medium", null)),
            Map.of())),
        List.of(new ContentFilter.PromptVerdicts(0, Map.of("jailbreak",
            new ContentFilter.Verdict(false, null, false)))));
    Cost cost = Cost.table(new BigDecimal("0.04"));
    for (String id : List.of("req-filtered", "req-plain")) {
      try (Permit permit = gateway.admit(auth, "alice", "azure-images", cost)) {
        permit.complete(new CallOutcome(id, "dep-1", "azure", 2, "1024x1024", "high", cost,
            new Usage(10, null, 20, 30), 800, SpendRow.Status.SUCCESS, null, 0, 0, null, null, "image_generation",
            id.equals("req-filtered") ? ContentFilterColumn.write(verdicts) : null));
      }
    }
    gateway.writer.flush();

    SpendRow filtered = stored("req-filtered");
    SpendRow plain = stored("req-plain");
    assertThat(filtered.contentFilter()).isEqualTo("{\"prompt_filter_results\":[{\"prompt_index\":0,"
        + "\"content_filter_results\":{\"jailbreak\":{\"filtered\":false,\"detected\":false}}}],\"images\":["
        + "{\"content_filter_results\":{\"sexual\":{\"filtered\":false,\"severity\":\"safe\"}}},"
        + "{\"content_filter_results\":{\"violence\":{\"filtered\":true,\"severity\":\"medium\"}}}]}");
    assertThat(plain.contentFilter()).isNull();
    assertThat(filtered).usingRecursiveComparison().ignoringFields("requestId", "contentFilter").isEqualTo(plain);

    Map<String, Object> answered = gateway.spend.logs(SpendLogQuery.from(Map.of("request_id", "req-filtered")::get))
        .getFirst();
    JsonNode json = (JsonNode) answered.get("content_filter");
    assertThat(json.path("images").get(1).path("content_filter_results").path("violence").path("severity").asText())
        .isEqualTo("medium");
    assertThat(json.path("prompt_filter_results").get(0).path("content_filter_results").path("jailbreak")
        .path("detected").asBoolean(true)).isFalse();
    assertThat(gateway.spend.logs(SpendLogQuery.from(Map.of("request_id", "req-plain")::get)).getFirst())
        .containsEntry("content_filter", null);
  }

  private SpendRow stored(String requestId) {
    return gateway.store.reports().logs(new SpendReports.LogFilter(null, null, null, requestId, null, null), 1)
        .getFirst();
  }

  private void call(AuthenticatedKey key, String endUser, String model, String requestId, Cost cost) {
    try (Permit permit = gateway.admit(key, endUser, model, cost)) {
      permit.complete(new CallOutcome(requestId, "dep-1", "openai", 1, "1024x1024", "standard", cost,
          new Usage(10, null, 20, 30), 800, SpendRow.Status.SUCCESS, null, 0, 0, "secret prompt", null));
    }
  }
}
