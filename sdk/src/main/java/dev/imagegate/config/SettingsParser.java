package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.router.Fallbacks;
import dev.imagegate.router.RetryPolicy;
import dev.imagegate.router.RouterSettings;
import dev.imagegate.router.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code router_settings} and {@code litellm_settings} to {@link RouterSettings}. Where both set a value
 * ({@code num_retries}, fallbacks, timeout as {@code request_timeout}), {@code router_settings} wins.
 */
final class SettingsParser {
  static final Set<String> ROUTER_KEYS = Set.of("routing_strategy", "num_retries", "retry_policy", "timeout",
      "allowed_fails", "cooldown_time", "fallbacks", "default_fallbacks", "content_policy_fallbacks",
      "max_fallbacks", "enable_tag_filtering", "routing_strategy_args");
  /** Keys the gateway reads later (shared state); accepted silently. */
  static final Set<String> ROUTER_LATER = Set.of("redis_host", "redis_port", "redis_password", "redis_url");
  static final Set<String> LITELLM_KEYS = Set.of("num_retries", "request_timeout", "drop_params", "fallbacks",
      "default_fallbacks", "content_policy_fallbacks");
  /** Keys the gateway reads (logging callbacks, metrics); accepted here. */
  static final Set<String> LITELLM_GATEWAY = Set.of("callbacks", "success_callback", "failure_callback",
      "require_auth_for_metrics_endpoint", "json_logs", "litellm_compatible_metrics");

  /** A fallback target and where it was written. */
  record Target(String group, String path) {
  }

  /** The settings and the fallback targets to validate against the model groups. */
  record Parsed(RouterSettings settings, List<Target> targets) {
  }

  private final Problems problems;
  private final Values values;
  private final List<Target> targets = new ArrayList<>();

  SettingsParser(Problems problems) {
    this.problems = problems;
    this.values = new Values(problems);
  }

  Parsed parse(JsonNode router, JsonNode litellm) {
    router = section(router, "router_settings", ROUTER_KEYS, ROUTER_LATER);
    litellm = section(litellm, "litellm_settings", LITELLM_KEYS, LITELLM_GATEWAY);
    RouterSettings settings = RouterSettings.DEFAULTS;
    String strategy = values.text(router.get("routing_strategy"), "router_settings.routing_strategy");
    if (strategy != null && !Strategy.NAMES.contains(strategy)) {
      problems.error("router_settings.routing_strategy", "unknown routing strategy '" + strategy
          + "': expected one of " + String.join(", ", Strategy.NAMES));
    } else if (strategy != null) {
      settings = settings.withRoutingStrategy(strategy);
    }
    Integer retries = firstInt(router, litellm, "num_retries", "num_retries");
    settings = settings.withNumRetries(retries != null ? retries : settings.numRetries());
    settings = settings.withRetryPolicy(retryPolicy(router.get("retry_policy")));
    Duration timeout = values.seconds(router.get("timeout"), "router_settings.timeout");
    if (timeout == null) {
      timeout = values.seconds(litellm.get("request_timeout"), "litellm_settings.request_timeout");
    }
    settings = settings.withTimeout(timeout);
    Integer allowedFails = values.integer(router.get("allowed_fails"), "router_settings.allowed_fails", 0);
    Duration cooldown = values.seconds(router.get("cooldown_time"), "router_settings.cooldown_time");
    settings = settings.withCooldowns(allowedFails != null ? allowedFails : settings.allowedFails(),
        cooldown != null ? cooldown : settings.cooldownTime());
    settings = settings.withFallbacks(fallbacks(router, litellm), orDefault(values.integer(
        router.get("max_fallbacks"), "router_settings.max_fallbacks", 0), settings.maxFallbacks()));
    Boolean tags = values.bool(router.get("enable_tag_filtering"), "router_settings.enable_tag_filtering");
    Boolean drop = values.bool(litellm.get("drop_params"), "litellm_settings.drop_params");
    settings = settings.withTagFiltering(Boolean.TRUE.equals(tags)).withDropParams(Boolean.TRUE.equals(drop));
    settings = settings.withLowestLatencyBuffer(latencyBuffer(router.get("routing_strategy_args")));
    return new Parsed(settings, List.copyOf(targets));
  }

  private JsonNode section(JsonNode node, String name, Set<String> known, Set<String> later) {
    if (Values.absent(node)) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      problems.error(name, name + " must be a mapping");
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    node.fieldNames().forEachRemaining(key -> {
      if (!known.contains(key) && !later.contains(key)) {
        problems.warn(name + "." + key, "not used by imagegate (ignored)");
      }
    });
    return node;
  }

  private RetryPolicy retryPolicy(JsonNode node) {
    if (Values.absent(node)) {
      return RetryPolicy.DEFAULT;
    }
    if (!node.isObject()) {
      problems.error("router_settings.retry_policy", "retry_policy must be a mapping such as "
          + "{RateLimitErrorRetries: 3}");
      return RetryPolicy.DEFAULT;
    }
    Map<RetryPolicy.Kind, Integer> retries = new EnumMap<>(RetryPolicy.Kind.class);
    node.properties().forEach(e -> {
      String path = "router_settings.retry_policy." + e.getKey();
      RetryPolicy.Kind.ofKey(e.getKey()).ifPresentOrElse(kind -> {
        Integer count = values.integer(e.getValue(), path, 0);
        if (count != null) {
          retries.put(kind, count);
        }
      }, () -> problems.warn(path, "unknown retry_policy key (ignored); known: "
          + String.join(", ", java.util.Arrays.stream(RetryPolicy.Kind.values()).map(RetryPolicy.Kind::key)
              .toList())));
    });
    return new RetryPolicy(retries);
  }

  private Fallbacks fallbacks(JsonNode router, JsonNode litellm) {
    Map<String, List<String>> general = groupLists(router, litellm, "fallbacks");
    Map<String, List<String>> contentPolicy = groupLists(router, litellm, "content_policy_fallbacks");
    boolean hasContentPolicy = router.has("content_policy_fallbacks") || litellm.has("content_policy_fallbacks");
    String defaultsSection = router.has("default_fallbacks") ? "router_settings" : "litellm_settings";
    JsonNode defaultsNode = (router.has("default_fallbacks") ? router : litellm).get("default_fallbacks");
    List<String> defaults = values.strings(defaultsNode, defaultsSection + ".default_fallbacks");
    if (defaults != null) {
      for (int i = 0; i < defaults.size(); i++) {
        targets.add(new Target(defaults.get(i), defaultsSection + ".default_fallbacks[" + i + "]"));
      }
    }
    return new Fallbacks(general, defaults, hasContentPolicy ? contentPolicy : null);
  }

  /** LiteLLM's shape: a list of one-key maps, {@code [{"group-a": ["group-b", "group-c"]}]}. */
  private Map<String, List<String>> groupLists(JsonNode router, JsonNode litellm, String key) {
    String section = router.has(key) ? "router_settings" : "litellm_settings";
    JsonNode node = (router.has(key) ? router : litellm).get(key);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (Values.absent(node)) {
      return out;
    }
    String path = section + "." + key;
    if (!node.isArray()) {
      problems.error(path, key + " must be a list like [{\"group-a\": [\"group-b\"]}]");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isObject()) {
        problems.error(path + "[" + i + "]", "each entry must map one model group to a list of groups");
        continue;
      }
      String itemPath = path + "[" + i + "]";
      item.properties().forEach(e -> {
        List<String> groups = values.strings(e.getValue(), itemPath + "." + e.getKey());
        if (groups != null) {
          out.put(e.getKey(), groups);
          for (int j = 0; j < groups.size(); j++) {
            targets.add(new Target(groups.get(j), itemPath + "." + e.getKey() + "[" + j + "]"));
          }
        }
      });
    }
    return out;
  }

  private double latencyBuffer(JsonNode args) {
    if (Values.absent(args) || !args.isObject()) {
      return 0;
    }
    BigDecimal buffer = values.decimal(args.get("lowest_latency_buffer"),
        "router_settings.routing_strategy_args.lowest_latency_buffer", BigDecimal.ZERO);
    return buffer == null ? 0 : buffer.doubleValue();
  }

  private Integer firstInt(JsonNode router, JsonNode litellm, String routerKey, String litellmKey) {
    Integer value = values.integer(router.get(routerKey), "router_settings." + routerKey, 0);
    return value != null ? value : values.integer(litellm.get(litellmKey), "litellm_settings." + litellmKey, 0);
  }

  private static int orDefault(Integer value, int fallback) {
    return value != null ? value : fallback;
  }
}
