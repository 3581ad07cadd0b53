package dev.imagegate.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code guardrail: openai_moderation}: asks an OpenAI-compatible moderation endpoint
 * ({@code POST {api_base}/moderations}, body {@code {"model", "input"}}) about the prompt. A category counts when
 * its score reaches its threshold in {@code category_thresholds}, or, for categories without one, when the service
 * flagged it; {@code categories} limits which categories count (default: all). A failed call (timeout, refused
 * connection, non-2xx answer, unreadable body) is an exception: the guardrail's {@code fail_open} decides.
 */
final class ModerationCheck implements Guardrail {
  static final String TYPE = "openai_moderation";
  static final String DEFAULT_BASE = "https://api.openai.com/v1";
  static final String DEFAULT_MODEL = "omni-moderation-latest";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpTransport transport;
  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final Set<String> categories;
  private final Map<String, Double> thresholds;
  private final Duration timeout;

  /**
   * @param apiKey sent as a Bearer token; null sends none
   * @param categories the categories that count; empty means all
   */
  ModerationCheck(HttpTransport transport, String apiBase, String apiKey, String model, Set<String> categories,
                  Map<String, Double> thresholds, Duration timeout) {
    this.transport = transport;
    String base = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.endpoint = URI.create(base + "/moderations");
    this.apiKey = apiKey;
    this.model = model;
    this.categories = Set.copyOf(categories);
    this.thresholds = Map.copyOf(thresholds);
    this.timeout = timeout;
  }

  @Override
  public Verdict check(String prompt) throws IOException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (apiKey != null) {
      headers.put("Authorization", "Bearer " + apiKey);
    }
    byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("model", model, "input", prompt));
    HttpTransport.Response response = transport.send(HttpTransport.Request.postJson(endpoint, headers, body,
        timeout));
    if (!response.ok()) {
      throw new IOException("the moderation service answered HTTP " + response.status() + upstreamMessage(response));
    }
    return verdict(Json.parse(response.body()));
  }

  private Verdict verdict(JsonNode root) throws IOException {
    JsonNode results = root == null ? null : root.path("results");
    if (results == null || !results.isArray() || results.isEmpty()) {
      throw new IOException("the moderation service answered without results");
    }
    Map<String, Integer> findings = new LinkedHashMap<>();
    for (JsonNode result : results) {
      JsonNode flags = result.path("categories");
      JsonNode scores = result.path("category_scores");
      for (String category : names(flags, scores)) {
        if ((categories.isEmpty() || categories.contains(category)) && counts(category, flags, scores)) {
          findings.merge(category, 1, Integer::sum);
        }
      }
    }
    if (findings.isEmpty()) {
      return Verdict.pass();
    }
    return Verdict.block("the moderation check flagged it (" + String.join(", ", findings.keySet()) + ")",
        findings);
  }

  private boolean counts(String category, JsonNode flags, JsonNode scores) {
    Double threshold = thresholds.get(category);
    if (threshold != null) {
      JsonNode score = scores.path(category);
      return score.isNumber() && score.asDouble() >= threshold;
    }
    return flags.path(category).asBoolean(false);
  }

  private static List<String> names(JsonNode flags, JsonNode scores) {
    Set<String> out = new LinkedHashSet<>();
    flags.fieldNames().forEachRemaining(out::add);
    scores.fieldNames().forEachRemaining(out::add);
    return List.copyOf(out);
  }

  private static String upstreamMessage(HttpTransport.Response response) {
    try {
      JsonNode message = Json.parse(response.body()).path("error").path("message");
      return message.isTextual() ? ": " + message.asText() : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
