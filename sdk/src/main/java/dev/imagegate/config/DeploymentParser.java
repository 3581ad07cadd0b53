package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;
import dev.imagegate.cost.PriceOverrides;
import dev.imagegate.error.BadRequest;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.ModelInfo;
import dev.imagegate.router.RequestDefaults;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code model_list} entry to a {@link Deployment}. Typed keys of {@code litellm_params} (or {@code params}) are
 * read into fields; LiteLLM-only keys that mean nothing for images are ignored with a warning; every other key is a
 * provider-native setting merged into the request's extras.
 */
final class DeploymentParser {
  static final Set<String> ENTRY_KEYS = Set.of("model_name", "litellm_params", "params", "model_info");
  static final Set<String> TYPED = Set.of("model", "api_key", "api_base", "api_version", "custom_llm_provider",
      "rpm", "tpm", "weight", "order", "timeout", "max_retries", "tags", "base_model", "drop_params", "n", "size",
      "quality", "style", "response_format", "user", "configurable_clientside_auth_params");
  static final Set<String> IGNORED = Set.of("stream_timeout", "use_in_pass_through", "litellm_credential_name",
      "max_parallel_requests", "input_cost_per_second", "output_cost_per_second", "mock_response",
      "merge_reasoning_content_in_choices", "max_budget", "budget_duration",
      "cache_creation_input_token_cost", "cache_read_input_token_cost", "input_cost_per_character",
      "output_cost_per_character", "prompt", "model_info");

  private final Problems problems;
  private final Values values;

  DeploymentParser(Problems problems) {
    this.problems = problems;
    this.values = new Values(problems);
  }

  /** Parses the entry at {@code path}; returns null when it is too broken to use (errors are reported). */
  Deployment parse(JsonNode entry, String path) {
    if (!entry.isObject()) {
      problems.error(path, "each model_list entry must be a mapping with model_name and litellm_params");
      return null;
    }
    entry.fieldNames().forEachRemaining(key -> {
      if (!ENTRY_KEYS.contains(key)) {
        problems.warn(path + "." + key, "unknown key in a model_list entry (ignored)");
      }
    });
    String name = values.text(entry.get("model_name"), path + ".model_name");
    if (name == null || name.isBlank()) {
      problems.error(path + ".model_name", "model_name is required");
    }
    String paramsKey = entry.has("litellm_params") ? "litellm_params" : "params";
    if (entry.has("litellm_params") && entry.has("params")) {
      problems.error(path + ".params", "set litellm_params or params, not both");
    }
    JsonNode params = entry.get(paramsKey);
    String paramsPath = path + "." + paramsKey;
    if (params == null || !params.isObject()) {
      problems.error(params == null ? path : paramsPath, "litellm_params (or params) must be a mapping with model");
      return null;
    }
    String model = values.text(params.get("model"), paramsPath + ".model");
    if (model == null || model.isBlank()) {
      problems.error(paramsPath + ".model", "model is required, e.g. openai/dall-e-3 or azure/<deployment>");
      return null;
    }
    return name == null ? null : build(name, model, params, paramsPath, entry.get("model_info"), path);
  }

  private Deployment build(String name, String model, JsonNode params, String paramsPath, JsonNode info,
                           String path) {
    ModelInfo modelInfo = modelInfo(info, path + ".model_info");
    Deployment.Builder builder = Deployment.builder(name, model).id(modelInfo.id())
        .customProvider(text(params, paramsPath, "custom_llm_provider"))
        .apiKey(text(params, paramsPath, "api_key")).apiBase(text(params, paramsPath, "api_base"))
        .apiVersion(text(params, paramsPath, "api_version"))
        .rpm(values.integer(params.get("rpm"), paramsPath + ".rpm", 1))
        .tpm(values.integer(params.get("tpm"), paramsPath + ".tpm", 1))
        .weight(values.number(params.get("weight"), paramsPath + ".weight"))
        .order(values.integer(params.get("order"), paramsPath + ".order", 0))
        .timeout(values.seconds(params.get("timeout"), paramsPath + ".timeout"))
        .maxRetries(values.integer(params.get("max_retries"), paramsPath + ".max_retries", 0))
        .tags(values.strings(params.get("tags"), paramsPath + ".tags"))
        .dropParams(values.bool(params.get("drop_params"), paramsPath + ".drop_params"))
        .defaults(defaults(params, paramsPath))
        .modelInfo(modelInfo)
        .clientParams(clientParams(params, paramsPath))
        .settings(settings(params, paramsPath));
    String baseModel = text(params, paramsPath, "base_model");
    builder.baseModel(baseModel != null ? baseModel : modelInfo.baseModel());
    PriceOverrides fromParams = prices(params, paramsPath);
    PriceOverrides fromInfo = info != null && info.isObject() ? prices(info, path + ".model_info") : PriceOverrides.NONE;
    builder.prices(fromParams.orElse(fromInfo));
    return builder.build();
  }

  /** {@code configurable_clientside_auth_params}: the credential and endpoint fields clients may set per request. */
  private Set<String> clientParams(JsonNode params, String path) {
    List<String> names = values.strings(params.get("configurable_clientside_auth_params"),
        path + ".configurable_clientside_auth_params");
    return names == null ? Set.of() : new LinkedHashSet<>(names);
  }

  private ModelInfo modelInfo(JsonNode info, String path) {
    if (Values.absent(info)) {
      return ModelInfo.NONE;
    }
    if (!info.isObject()) {
      problems.error(path, "model_info must be a mapping");
      return ModelInfo.NONE;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    info.properties().forEach(e -> fields.put(e.getKey(), Values.plain(e.getValue())));
    return new ModelInfo(text(info, path, "id"), text(info, path, "mode"), text(info, path, "base_model"), fields);
  }

  private RequestDefaults defaults(JsonNode params, String path) {
    try {
      String size = text(params, path, "size");
      String format = text(params, path, "response_format");
      return new RequestDefaults(values.integer(params.get("n"), path + ".n", 1),
          size == null ? null : Size.parse(size), text(params, path, "quality"), text(params, path, "style"),
          format == null ? null : ResponseFormat.parse(format), text(params, path, "user"));
    } catch (BadRequest e) {
      problems.error(path + "." + e.param(), e.getMessage());
      return RequestDefaults.NONE;
    }
  }

  private PriceOverrides prices(JsonNode node, String path) {
    Map<String, BigDecimal> prices = new HashMap<>();
    for (String key : PriceOverrides.KEYS) {
      BigDecimal value = values.decimal(node.get(key), path + "." + key, BigDecimal.ZERO);
      if (value != null) {
        prices.put(key, value);
      }
    }
    return PriceOverrides.of(prices);
  }

  private Map<String, Object> settings(JsonNode params, String path) {
    Map<String, Object> settings = new LinkedHashMap<>();
    params.properties().forEach(e -> {
      String key = e.getKey();
      if (IGNORED.contains(key)) {
        problems.warn(path + "." + key, "LiteLLM setting not used for image generation (ignored)");
      } else if (!TYPED.contains(key) && !PriceOverrides.KEYS.contains(key) && !Values.absent(e.getValue())) {
        settings.put(key, Values.plain(e.getValue()));
      }
    });
    return settings;
  }

  private String text(JsonNode node, String path, String key) {
    String value = values.text(node.get(key), path + "." + key);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
