package dev.imagegate.gateway.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigProblem;
import dev.imagegate.config.ConfigReader;
import dev.imagegate.config.Values;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.router.Sleeper;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the logging callbacks LiteLLM-style: names in {@code litellm_settings.callbacks} get success and failure
 * events, in {@code success_callback} / {@code failure_callback} only those; each name's optional settings are in the
 * top-level {@code callback_settings.<name>} ({@code callback_type} when the name is not the type itself,
 * {@code event_types}, {@code queue_size}, {@code batch_size}, and the type's own settings). Names imagegate does not
 * have (other LiteLLM integrations) are warnings, not errors, so LiteLLM configs load unchanged.
 */
final class CallbackConfig {
  static final int DEFAULT_QUEUE_SIZE = 10_000;
  static final int DEFAULT_BATCH_SIZE = 100;
  static final String PROMETHEUS = "prometheus";
  private static final Set<String> COMMON = Set.of("callback_type", "event_types", "queue_size", "batch_size");

  private final Config config;
  private final HttpTransport transport;
  private final PrintStream stdout;
  private final Consumer<String> warnings;
  private final ConfigReader reader;
  private final Values values;

  CallbackConfig(Config config, HttpTransport transport, PrintStream stdout, Consumer<String> warnings) {
    this.config = config;
    this.transport = transport;
    this.stdout = stdout;
    this.warnings = warnings;
    this.reader = new ConfigReader(config);
    this.values = reader.values();
  }

  /** @throws IllegalArgumentException listing every problem */
  List<CallbackQueue> build() {
    Map<String, Set<CallEvent.Kind>> wanted = new LinkedHashMap<>();
    JsonNode litellm = config.litellmSettings();
    names(litellm.get("callbacks"), "callbacks", wanted, CallEvent.Kind.SUCCESS, CallEvent.Kind.FAILURE);
    names(litellm.get("success_callback"), "success_callback", wanted, CallEvent.Kind.SUCCESS);
    names(litellm.get("failure_callback"), "failure_callback", wanted, CallEvent.Kind.FAILURE);
    List<CallbackQueue> queues = new ArrayList<>();
    wanted.forEach((name, kinds) -> {
      CallbackQueue queue = queue(name, kinds);
      if (queue != null) {
        queues.add(queue);
      }
    });
    List<ConfigProblem> problems = reader.problems();
    if (!problems.isEmpty()) {
      queues.forEach(q -> q.close(Duration.ZERO));
      throw new IllegalArgumentException(problems.size() + (problems.size() == 1 ? " error" : " errors")
          + " in the logging callbacks:\n  "
          + String.join("\n  ", problems.stream().map(ConfigProblem::toString).toList()));
    }
    return queues;
  }

  private void names(JsonNode node, String key, Map<String, Set<CallEvent.Kind>> wanted, CallEvent.Kind... kinds) {
    if (node == null || node.isNull()) {
      return;
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    for (JsonNode item : items) {
      if (!item.isTextual() || item.asText().isBlank()) {
        problem("litellm_settings." + key, "must be a list of callback names");
        continue;
      }
      wanted.computeIfAbsent(item.asText().trim(), n -> EnumSet.noneOf(CallEvent.Kind.class)).addAll(List.of(kinds));
    }
  }

  private CallbackQueue queue(String name, Set<CallEvent.Kind> kinds) {
    JsonNode settings = config.section("callback_settings").path(name);
    String path = "callback_settings." + name;
    String type = Optional.ofNullable(text(settings.get("callback_type"), path + ".callback_type")).orElse(name);
    Set<CallEvent.Kind> chosen = settings.has("event_types") ? eventTypes(settings.get("event_types"), path) : kinds;
    int queueSize = atLeast(settings.get("queue_size"), path + ".queue_size", DEFAULT_QUEUE_SIZE, 1);
    int batchSize = atLeast(settings.get("batch_size"), path + ".batch_size", DEFAULT_BATCH_SIZE, 1);
    Callback callback = callback(type, name, settings, path);
    return callback == null ? null : new CallbackQueue(name, callback, chosen, queueSize, batchSize);
  }

  private Callback callback(String type, String name, JsonNode settings, String path) {
    return switch (type) {
      case JsonLogs.TYPE -> known(settings, path, Set.of()) ? new JsonLogs(stdout) : null;
      case Webhook.TYPE, "webhook" -> known(settings, path, Set.of("endpoint", "headers", "log_format",
          "max_retries", "timeout")) ? webhook(settings, path) : null;
      case OtelTraces.TYPE -> {
        try {
          yield OtelTraces.fromEnv(config.env());
        } catch (IllegalArgumentException e) {
          problem(path, e.getMessage());
          yield null;
        }
      }
      case PROMETHEUS -> null;
      default -> type.contains(".") ? custom(type, settings, path)
          : warn("litellm_settings.callbacks: '" + name + "' is not a callback imagegate has (built in: json_logs, "
              + "generic_api, webhook, otel, prometheus, or a class implementing " + Callback.class.getName()
              + "); ignored");
    };
  }

  private Callback webhook(JsonNode settings, String path) {
    Env env = config.env();
    String endpoint = text(settings.get("endpoint"), path + ".endpoint");
    if (endpoint == null) {
      endpoint = env.find("GENERIC_LOGGER_ENDPOINT").orElse(null);
    }
    if (endpoint == null) {
      problem(path + ".endpoint", "is required (or set GENERIC_LOGGER_ENDPOINT)");
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>(envHeaders(env.find("GENERIC_LOGGER_HEADERS").orElse("")));
    settings.path("headers").properties().forEach(e -> {
      String value = text(e.getValue(), path + ".headers." + e.getKey());
      if (value != null) {
        headers.put(e.getKey(), value);
      }
    });
    Webhook.Format format;
    try {
      format = Webhook.Format.parse(Optional.ofNullable(text(settings.get("log_format"), path + ".log_format"))
          .orElse("json_array"));
    } catch (IllegalArgumentException e) {
      problem(path + ".log_format", "must be json_array, ndjson or single");
      return null;
    }
    int attempts = 1 + atLeast(settings.get("max_retries"), path + ".max_retries", 3, 0);
    Duration timeout = Duration.ofSeconds(atLeast(settings.get("timeout"), path + ".timeout", 10, 1));
    try {
      return new Webhook(transport, URI.create(endpoint), headers, format, attempts, Duration.ofMillis(500),
          timeout, Sleeper.SYSTEM);
    } catch (IllegalArgumentException e) {
      problem(path + ".endpoint", "is not a URL: " + e.getMessage());
      return null;
    }
  }

  /** LiteLLM's {@code GENERIC_LOGGER_HEADERS}: {@code key1=value1,key2=value2}. */
  static Map<String, String> envHeaders(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : text.split(",")) {
      int eq = item.indexOf('=');
      if (eq > 0) {
        out.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
      }
    }
    return out;
  }

  private Callback custom(String className, JsonNode settings, String path) {
    Map<String, Object> values = new LinkedHashMap<>();
    settings.properties().forEach(e -> {
      if (!COMMON.contains(e.getKey())) {
        values.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
      }
    });
    try {
      Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!Callback.class.isAssignableFrom(type)) {
        problem(path, className + " does not implement " + Callback.class.getName());
        return null;
      }
      try {
        return (Callback) type.getConstructor(Map.class).newInstance(values);
      } catch (NoSuchMethodException e) {
        return (Callback) type.getConstructor().newInstance();
      }
    } catch (ClassNotFoundException e) {
      problem(path, "no class " + className + " on the classpath");
    } catch (NoSuchMethodException e) {
      problem(path, className + " needs a public constructor taking a Map<String, Object> or none");
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      problem(path, "could not create " + className + ": " + cause);
    }
    return null;
  }

  private Set<CallEvent.Kind> eventTypes(JsonNode node, String path) {
    Set<CallEvent.Kind> out = EnumSet.noneOf(CallEvent.Kind.class);
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    if (!node.isArray() || items.isEmpty()) {
      problem(path + ".event_types", "must be a list of start, success, failure");
      return out;
    }
    for (JsonNode item : items) {
      switch (item.asText()) {
        case "start", "llm_api_start" -> out.add(CallEvent.Kind.START);
        case "success", "llm_api_success" -> out.add(CallEvent.Kind.SUCCESS);
        case "failure", "llm_api_failure" -> out.add(CallEvent.Kind.FAILURE);
        default -> problem(path + ".event_types", "unknown event type '" + item.asText()
            + "': expected start, success, failure (or llm_api_success, llm_api_failure)");
      }
    }
    return out;
  }

  private boolean known(JsonNode settings, String path, Set<String> keys) {
    settings.fieldNames().forEachRemaining(key -> {
      if (!keys.contains(key) && !COMMON.contains(key)) {
        warn(path + "." + key + ": not a setting of this callback (ignored)");
      }
    });
    return true;
  }

  private String text(JsonNode node, String path) {
    return values.nonEmptyText(node, path);
  }

  private int atLeast(JsonNode node, String path, int fallback, int min) {
    Integer value = values.integer(node, path, min);
    return value == null ? fallback : value;
  }

  private Callback warn(String message) {
    warnings.accept(message);
    return null;
  }

  private void problem(String path, String message) {
    reader.problem(path, message);
  }
}
