package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typed reads of config values. A wrong type is reported (with the key's line) and gives null, so one pass reports
 * every error. Numbers and booleans written as strings (e.g. from {@code os.environ/...}) are accepted.
 */
final class Values {
  private final Problems problems;

  Values(Problems problems) {
    this.problems = problems;
  }

  String text(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    problems.error(path, "must be a string, got " + describe(node));
    return null;
  }

  BigDecimal decimal(JsonNode node, String path, BigDecimal min) {
    if (absent(node)) {
      return null;
    }
    BigDecimal value = null;
    if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isTextual()) {
      try {
        value = new BigDecimal(node.asText().trim());
      } catch (NumberFormatException ignored) {
        value = null;
      }
    }
    if (value == null || value.compareTo(min) < 0) {
      problems.error(path, "must be a number of at least " + min.toPlainString() + ", got " + describe(node));
      return null;
    }
    return value;
  }

  Integer integer(JsonNode node, String path, int min) {
    BigDecimal value = decimal(node, path, BigDecimal.valueOf(min));
    if (value == null) {
      return null;
    }
    try {
      return value.intValueExact();
    } catch (ArithmeticException e) {
      problems.error(path, "must be a whole number, got " + describe(node));
      return null;
    }
  }

  Double number(JsonNode node, String path) {
    BigDecimal value = decimal(node, path, BigDecimal.ZERO);
    return value == null ? null : value.doubleValue();
  }

  /** Seconds (a number, possibly fractional), strictly positive. */
  Duration seconds(JsonNode node, String path) {
    BigDecimal value = decimal(node, path, BigDecimal.ZERO);
    if (value == null) {
      return null;
    }
    if (value.signum() == 0) {
      problems.error(path, "must be a positive number of seconds");
      return null;
    }
    return Duration.ofNanos(value.movePointRight(9).longValue());
  }

  Boolean bool(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String text = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT) : "";
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    problems.error(path, "must be true or false, got " + describe(node));
    return null;
  }

  /** A list of strings; a single string counts as a list of one. */
  List<String> strings(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      problems.error(path, "must be a list of strings, got " + describe(node));
      return null;
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

  /** The node as plain Java (String, BigDecimal/BigInteger, Boolean, List, Map, null). */
  static Object plain(JsonNode node) {
    return Json.MAPPER.convertValue(node, Object.class);
  }

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return "'" + node.asText() + "'";
  }
}
