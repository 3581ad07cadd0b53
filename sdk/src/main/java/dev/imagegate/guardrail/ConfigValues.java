package dev.imagegate.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Typed reads of guardrail settings; a bad value is reported (path, message) and read as absent. */
final class ConfigValues {
  private static final String ENV_PREFIX = "os.environ/";

  private final BiConsumer<String, String> problems;

  ConfigValues(BiConsumer<String, String> problems) {
    this.problems = problems;
  }

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  String text(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.accept(path, "must be a non-empty string");
      return null;
    }
    if (node.asText().startsWith(ENV_PREFIX)) {
      problems.accept(path, "environment variable " + node.asText().substring(ENV_PREFIX.length())
          + " is not set (referenced as " + node.asText() + ")");
      return null;
    }
    return node.asText();
  }

  String requiredText(JsonNode node, String path) {
    if (absent(node)) {
      problems.accept(path, "is required");
      return null;
    }
    return text(node, path);
  }

  boolean bool(JsonNode node, String path, boolean fallback) {
    if (absent(node)) {
      return fallback;
    }
    String text = node.asText().trim();
    if (node.isBoolean() || text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    problems.accept(path, "must be true or false");
    return fallback;
  }

  /** A list of non-empty strings; a single string counts as a list of one. */
  List<String> strings(JsonNode node, String path) {
    if (absent(node)) {
      return List.of();
    }
    if (node.isTextual()) {
      String one = text(node, path);
      return one == null ? List.of() : List.of(one);
    }
    if (!node.isArray()) {
      problems.accept(path, "must be a list of strings");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String item = text(node.get(i), path + "[" + i + "]");
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  Integer positiveInt(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
      problems.accept(path, "must be a whole number of at least 1");
      return null;
    }
    return node.intValue();
  }

  Duration seconds(JsonNode node, String path, Duration fallback) {
    if (absent(node)) {
      return fallback;
    }
    if (!node.isNumber() || node.asDouble() <= 0) {
      problems.accept(path, "must be a positive number of seconds");
      return fallback;
    }
    return Duration.ofMillis(Math.round(node.asDouble() * 1000));
  }

  /** A mapping of names to numbers between 0 and 1. */
  Map<String, Double> fractions(JsonNode node, String path) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (absent(node)) {
      return out;
    }
    if (!node.isObject()) {
      problems.accept(path, "must be a mapping of category: threshold (0 to 1)");
      return out;
    }
    node.properties().forEach(e -> {
      JsonNode value = e.getValue();
      if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
        problems.accept(path + "." + e.getKey(), "must be a number from 0 to 1");
      } else {
        out.put(e.getKey(), value.asDouble());
      }
    });
    return out;
  }

  void problem(String path, String message) {
    problems.accept(path, message);
  }
}
