package dev.imagegate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.cost.Pricing;
import dev.imagegate.provider.Json;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a catalogue file, checked field by field so that every problem is reported with its path (the config
 * loader turns paths into lines). Used for the bundled files (by a test) and for the operator's file (at start-up).
 */
public final class CatalogSchema {
  /** One thing wrong, at a path such as {@code models.openai/gpt-image-2.n.max}. */
  public record Issue(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  static final Set<String> FILE_KEYS = Set.of("family", "source", "checked", "notes", "models");
  static final Set<String> ENTRY_KEYS = Set.of("inherits", "patterns", "operations", "n", "sizes", "size_rule",
      "qualities", "styles", "response_formats", "sends_response_format", "user", "extras", "refused_values",
      "aspect_ratios", "image_sizes", "api", "prices", "price_tiers", "lifecycle", "source", "checked", "notes",
      "max_prompt_chars", "edit", "variation", "streaming");
  /** Entry keys that were replaced, with what replaces them. */
  static final Map<String, String> MOVED_KEYS = Map.of("output_tokens", "prices.image_tokens");
  static final Set<String> LIST_KEYS = Set.of("patterns", "operations", "sizes", "qualities", "styles",
      "response_formats", "extras", "aspect_ratios", "image_sizes");
  static final Set<String> OPERATIONS = Set.of("generate", "edit", "variation");
  static final Set<String> FORMATS = Set.of("url", "b64_json");
  static final Set<String> LIFECYCLE_KEYS = Set.of("deprecation_date", "shutdown_date", "replacement", "confirmed");
  static final Set<String> SIZE_RULE_KEYS = Set.of("edge_multiple", "min_edge", "max_edge", "max_ratio",
      "min_pixels", "max_pixels");
  static final Set<String> PRICE_KEYS = Set.of("defaults", "per_image", "per_token", "per_pixel", "per_style",
      "per_credit", "image_tokens");
  static final Set<String> IMAGE_TOKEN_KEYS = Set.of("per_image", "rule", "auto_quality", "auto_size", "max_pixels");
  static final Set<String> TOKEN_RULE_KEYS = Set.of("quality_factors", "area_offset", "area_divisor");
  static final Set<String> TOKEN_KEYS = Set.of("input_text", "input_image", "cached_input_text",
      "cached_input_image", "output_image", "output_text", "output_thinking");

  private CatalogSchema() {
  }

  /** Every problem in one file's tree; empty when it is well formed. */
  public static List<Issue> check(JsonNode root) {
    List<Issue> issues = new ArrayList<>();
    if (root == null || !root.isObject()) {
      issues.add(new Issue("", "a catalogue file is a mapping with a 'models' mapping"));
      return issues;
    }
    unknownKeys(root, "", FILE_KEYS, issues);
    JsonNode models = root.get("models");
    if (models == null || !models.isObject()) {
      issues.add(new Issue("models", "must be a mapping from provider/model to its entry"));
      return issues;
    }
    for (Map.Entry<String, JsonNode> model : models.properties()) {
      String path = "models." + model.getKey();
      if (model.getKey().indexOf('/') <= 0) {
        issues.add(new Issue(path, "a model key is provider/model, e.g. openai/gpt-image-2"));
      }
      entry(model.getValue(), path, issues);
    }
    return issues;
  }

  /** The checks that need the whole merged catalogue: every entry has a source, a check date and a known parent. */
  static List<Issue> checkMerged(Map<String, JsonNode> entries) {
    List<Issue> issues = new ArrayList<>();
    entries.forEach((key, entry) -> {
      String path = "models." + key;
      if (!entry.hasNonNull("source")) {
        issues.add(new Issue(path, "names no source (the page or repository its facts come from)"));
      }
      if (!entry.hasNonNull("checked")) {
        issues.add(new Issue(path, "names no 'checked' date"));
      }
    });
    return issues;
  }

  private static void entry(JsonNode entry, String path, List<Issue> issues) {
    if (!entry.isObject()) {
      issues.add(new Issue(path, "must be a mapping"));
      return;
    }
    MOVED_KEYS.forEach((key, replacement) -> {
      if (entry.has(key)) {
        issues.add(new Issue(path + "." + key, "replaced by " + replacement + " (the same fields)"));
      }
    });
    unknownKeys(entry, path, ENTRY_KEYS, MOVED_KEYS.keySet(), issues);
    for (String key : LIST_KEYS) {
      JsonNode list = entry.get(key);
      if (list != null && !(list.isArray() && allText(list))) {
        issues.add(new Issue(path + "." + key, "must be a list of strings"));
      }
    }
    values(entry.get("operations"), path + ".operations", OPERATIONS, issues);
    values(entry.get("response_formats"), path + ".response_formats", FORMATS, issues);
    for (String key : List.of("sends_response_format", "user", "streaming")) {
      if (entry.has(key) && !entry.get(key).isBoolean()) {
        issues.add(new Issue(path + "." + key, "must be true or false"));
      }
    }
    for (String key : List.of("inherits", "api", "source", "notes")) {
      if (entry.has(key) && !entry.get(key).isTextual()) {
        issues.add(new Issue(path + "." + key, "must be text"));
      }
    }
    date(entry.get("checked"), path + ".checked", issues);
    n(entry.get("n"), path + ".n", issues);
    sizeRule(entry.get("size_rule"), path + ".size_rule", issues);
    refused(entry.get("refused_values"), path + ".refused_values", issues);
    prices(entry.get("prices"), path + ".prices", issues);
    JsonNode tiers = entry.get("price_tiers");
    if (tiers != null) {
      if (!tiers.isObject()) {
        issues.add(new Issue(path + ".price_tiers", "must be a mapping from tier to prices"));
      } else {
        tiers.properties().forEach(t -> prices(t.getValue(), path + ".price_tiers." + t.getKey(), issues));
      }
    }
    lifecycle(entry.get("lifecycle"), path + ".lifecycle", issues);
    JsonNode limit = entry.get("max_prompt_chars");
    if (limit != null && !limit.isNull()
        && !(limit.isIntegralNumber() && limit.canConvertToInt() && limit.asInt() > 0)) {
      issues.add(new Issue(path + ".max_prompt_chars", "must be a whole number of characters, 1 or more"));
    }
    inputs(entry.get("edit"), path + ".edit", issues);
    inputs(entry.get("variation"), path + ".variation", issues);
  }

  /** {@code prices.image_tokens} ({@link dev.imagegate.cost.ImageTokens}). */
  private static void imageTokens(JsonNode tokens, String path, List<Issue> issues) {
    if (tokens == null || tokens.isNull()) {
      return;
    }
    if (!tokens.isObject()) {
      issues.add(new Issue(path, "must be a mapping of " + String.join(", ",
          new java.util.TreeSet<>(IMAGE_TOKEN_KEYS))));
      return;
    }
    unknownKeys(tokens, path, IMAGE_TOKEN_KEYS, issues);
    if (tokens.has("max_pixels")) {
      wholePositive(tokens.get("max_pixels"), path + ".max_pixels", issues);
    }
    JsonNode table = tokens.get("per_image");
    if (table != null) {
      if (!table.isObject()) {
        issues.add(new Issue(path + ".per_image", "must map quality|size to a number of tokens"));
      } else {
        table.properties().forEach(e -> {
          if (e.getKey().split("\\|", -1).length != 2) {
            issues.add(new Issue(path + ".per_image." + e.getKey(), "keys are quality|size ('*' for any)"));
          }
          wholePositive(e.getValue(), path + ".per_image." + e.getKey(), issues);
        });
      }
    }
    JsonNode rule = tokens.get("rule");
    if (rule != null) {
      if (!rule.isObject()) {
        issues.add(new Issue(path + ".rule", "must be a mapping of " + String.join(", ",
            new java.util.TreeSet<>(TOKEN_RULE_KEYS))));
        return;
      }
      unknownKeys(rule, path + ".rule", TOKEN_RULE_KEYS, issues);
      wholePositive(rule.get("area_offset"), path + ".rule.area_offset", issues);
      wholePositive(rule.get("area_divisor"), path + ".rule.area_divisor", issues);
      JsonNode factors = rule.get("quality_factors");
      if (factors == null || !factors.isObject()) {
        issues.add(new Issue(path + ".rule.quality_factors", "must map each quality to a whole number"));
      } else {
        factors.properties().forEach(e -> wholePositive(e.getValue(), path + ".rule.quality_factors." + e.getKey(),
            issues));
      }
    }
    for (String key : List.of("auto_quality", "auto_size")) {
      if (tokens.has(key) && !tokens.get(key).isTextual()) {
        issues.add(new Issue(path + "." + key, "must be text"));
      }
    }
  }

  private static void wholePositive(JsonNode value, String path, List<Issue> issues) {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      issues.add(new Issue(path, "must be a whole number, zero or more"));
    }
  }

  /** An operation's input limits ({@link InputSpec}). */
  private static void inputs(JsonNode spec, String path, List<Issue> issues) {
    if (spec == null) {
      return;
    }
    if (!spec.isObject()) {
      issues.add(new Issue(path, "must be a mapping of " + String.join(", ", new java.util.TreeSet<>(InputSpec.KEYS))));
      return;
    }
    unknownKeys(spec, path, InputSpec.KEYS, issues);
    for (String key : List.of("max_images", "max_mb")) {
      JsonNode value = spec.get(key);
      if (value != null && (!value.isIntegralNumber() || value.asInt() < 1)) {
        issues.add(new Issue(path + "." + key, "must be a whole number, at least 1"));
      }
    }
    textIn(spec.get("mask"), path + ".mask", InputSpec.MASKS, issues);
    textIn(spec.get("mask_rule"), path + ".mask_rule", InputSpec.MASK_RULES, issues);
    if (spec.has("square") && !spec.get("square").isBoolean()) {
      issues.add(new Issue(path + ".square", "must be true or false"));
    }
    if (spec.has("source") && !spec.get("source").isTextual()) {
      issues.add(new Issue(path + ".source", "must be text"));
    }
    for (String key : List.of("formats", "sizes", "qualities")) {
      JsonNode list = spec.get(key);
      if (list != null && !(list.isArray() && allText(list))) {
        issues.add(new Issue(path + "." + key, "must be a list of strings"));
      }
    }
    values(spec.get("formats"), path + ".formats", InputSpec.FORMATS, issues);
    n(spec.get("n"), path + ".n", issues);
  }

  private static void textIn(JsonNode value, String path, Set<String> allowed, List<Issue> issues) {
    if (value != null && !(value.isTextual() && allowed.contains(value.asText()))) {
      issues.add(new Issue(path, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed))));
    }
  }

  private static void n(JsonNode n, String path, List<Issue> issues) {
    if (n == null) {
      return;
    }
    if (!n.isObject() || !n.path("min").canConvertToInt() || !n.path("max").canConvertToInt()
        || !n.path("min").isIntegralNumber() || !n.path("max").isIntegralNumber()) {
      issues.add(new Issue(path, "must be {min: whole number, max: whole number}"));
    } else if (n.get("min").asInt() < 1 || n.get("max").asInt() < n.get("min").asInt()) {
      issues.add(new Issue(path, "needs 1 <= min <= max, got " + n.get("min") + ".." + n.get("max")));
    }
  }

  private static void sizeRule(JsonNode rule, String path, List<Issue> issues) {
    if (rule == null) {
      return;
    }
    if (!rule.isObject()) {
      issues.add(new Issue(path, "must be a mapping of " + String.join(", ", SIZE_RULE_KEYS)));
      return;
    }
    unknownKeys(rule, path, SIZE_RULE_KEYS, issues);
    rule.properties().forEach(e -> {
      if (!e.getValue().isNumber() || e.getValue().decimalValue().signum() <= 0) {
        issues.add(new Issue(path + "." + e.getKey(), "must be a positive number"));
      }
    });
  }

  private static void refused(JsonNode refused, String path, List<Issue> issues) {
    if (refused == null) {
      return;
    }
    if (!refused.isObject()) {
      issues.add(new Issue(path, "must map a field name to the list of values refused ('*' for any)"));
      return;
    }
    refused.properties().forEach(e -> {
      if (!e.getValue().isArray() || !allText(e.getValue())) {
        issues.add(new Issue(path + "." + e.getKey(), "must be a list of strings"));
      }
    });
  }

  /** Prices; {@code null} says "unpriced" explicitly (e.g. over prices an entry would inherit). */
  private static void prices(JsonNode prices, String path, List<Issue> issues) {
    if (prices == null || prices.isNull()) {
      return;
    }
    if (!prices.isObject()) {
      issues.add(new Issue(path, "must be a mapping of " + String.join(", ", PRICE_KEYS)));
      return;
    }
    unknownKeys(prices, path, PRICE_KEYS, issues);
    for (String key : List.of("per_image", "per_style")) {
      JsonNode map = prices.get(key);
      if (map != null) {
        if (!map.isObject()) {
          issues.add(new Issue(path + "." + key, "must be a mapping to prices in USD"));
        } else {
          map.properties().forEach(e -> money(e.getValue(), path + "." + key + "." + e.getKey(), issues));
          if (key.equals("per_image")) {
            map.properties().forEach(e -> {
              if (e.getKey().split("\\|", -1).length != 2) {
                issues.add(new Issue(path + ".per_image." + e.getKey(), "keys are quality|size ('*' for any)"));
              }
            });
          }
        }
      }
    }
    if (prices.has("per_pixel")) {
      money(prices.get("per_pixel"), path + ".per_pixel", issues);
    }
    if (prices.has("per_credit")) {
      money(prices.get("per_credit"), path + ".per_credit", issues);
    }
    JsonNode tokens = prices.get("per_token");
    if (tokens != null) {
      if (!tokens.isObject()) {
        issues.add(new Issue(path + ".per_token", "must be a mapping of " + String.join(", ", TOKEN_KEYS)));
      } else {
        unknownKeys(tokens, path + ".per_token", TOKEN_KEYS, issues);
        tokens.properties().forEach(e -> money(e.getValue(), path + ".per_token." + e.getKey(), issues));
      }
    }
    imageTokens(prices.get("image_tokens"), path + ".image_tokens", issues);
    if (issues.stream().noneMatch(i -> i.path().startsWith(path))) {
      try {
        Json.MAPPER.treeToValue(prices, Pricing.ModelPrice.class);
      } catch (Exception e) {
        issues.add(new Issue(path, "unreadable prices: " + e.getMessage().lines().findFirst().orElse("")));
      }
    }
  }

  private static void money(JsonNode value, String path, List<Issue> issues) {
    try {
      if (value == null || !(value.isNumber() || value.isTextual())
          || new java.math.BigDecimal(value.asText()).signum() < 0) {
        issues.add(new Issue(path, "must be a price in USD, zero or more (e.g. \"0.04\")"));
      }
    } catch (NumberFormatException e) {
      issues.add(new Issue(path, "must be a price in USD, zero or more (e.g. \"0.04\"), got '" + value.asText()
          + "'"));
    }
  }

  private static void lifecycle(JsonNode lifecycle, String path, List<Issue> issues) {
    if (lifecycle == null) {
      return;
    }
    if (!lifecycle.isObject()) {
      issues.add(new Issue(path, "must be a mapping of " + String.join(", ", LIFECYCLE_KEYS)));
      return;
    }
    unknownKeys(lifecycle, path, LIFECYCLE_KEYS, issues);
    date(lifecycle.get("deprecation_date"), path + ".deprecation_date", issues);
    date(lifecycle.get("shutdown_date"), path + ".shutdown_date", issues);
    if (lifecycle.has("confirmed") && !lifecycle.get("confirmed").isBoolean()) {
      issues.add(new Issue(path + ".confirmed", "must be true or false"));
    }
    if (lifecycle.has("replacement") && !lifecycle.get("replacement").isTextual()) {
      issues.add(new Issue(path + ".replacement", "must be a model name"));
    }
  }

  private static void date(JsonNode value, String path, List<Issue> issues) {
    if (value == null || value.isNull()) {
      return;
    }
    try {
      LocalDate.parse(value.asText());
    } catch (DateTimeParseException e) {
      issues.add(new Issue(path, "must be a date YYYY-MM-DD, got '" + value.asText() + "'"));
    }
  }

  private static void values(JsonNode list, String path, Set<String> allowed, List<Issue> issues) {
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        if (!allowed.contains(list.get(i).asText())) {
          issues.add(new Issue(path + "[" + i + "]", "unknown value '" + list.get(i).asText() + "': expected one of "
              + String.join(", ", new java.util.TreeSet<>(allowed))));
        }
      }
    }
  }

  private static void unknownKeys(JsonNode node, String path, Set<String> known, List<Issue> issues) {
    unknownKeys(node, path, known, Set.of(), issues);
  }

  /** Reports every key neither {@code known} nor {@code reported} (keys with an issue of their own). */
  private static void unknownKeys(JsonNode node, String path, Set<String> known, Set<String> reported,
                                  List<Issue> issues) {
    node.properties().forEach(e -> {
      if (!known.contains(e.getKey()) && !reported.contains(e.getKey())) {
        issues.add(new Issue(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), "unknown key: expected one of "
            + String.join(", ", new java.util.TreeSet<>(known))));
      }
    });
  }

  private static boolean allText(JsonNode list) {
    for (JsonNode item : list) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }
}
