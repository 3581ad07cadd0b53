package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Typed reads of config values: the one field reader of every config section (the loader's, the gateway's
 * {@code general_settings}, guardrails, callbacks). A wrong type is reported to the sink (key path, message; the sink
 * adds the file and line) and gives null, so one pass reports every error. Numbers and booleans written as strings
 * (e.g. from {@code os.environ/...}) are accepted. Not thread-safe: one reader per pass.
 */
public final class Values {
  private final BiConsumer<String, String> problems;

  /** @param problems told each bad value's key path and what is wrong with it */
  public Values(BiConsumer<String, String> problems) {
    this.problems = problems;
  }

  Values(Problems problems) {
    this(problems::error);
  }

  /**
   * A string (numbers and booleans as written); an {@code os.environ/} reference left unresolved (in a section
   * resolved leniently) is reported as the unset variable it names.
   */
  public String text(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      String unset = EnvReferences.unresolved(node.asText());
      if (unset != null) {
        problems.accept(path, unset);
        return null;
      }
      return node.asText();
    }
    problems.accept(path, "must be a string, got " + describe(node));
    return null;
  }

  /** {@link #text}, refusing a blank string. */
  public String nonEmptyText(JsonNode node, String path) {
    String text = text(node, path);
    if (text != null && text.isBlank()) {
      problems.accept(path, "must be a non-empty string");
      return null;
    }
    return text;
  }

  /** {@link #nonEmptyText}, reporting an absent value as required. */
  public String requiredText(JsonNode node, String path) {
    if (absent(node)) {
      problems.accept(path, "is required");
      return null;
    }
    return nonEmptyText(node, path);
  }

  /** A number of at least {@code min}. */
  public BigDecimal decimal(JsonNode node, String path, BigDecimal min) {
    if (absent(node)) {
      return null;
    }
    BigDecimal value = number(node);
    if (value == null || value.compareTo(min) < 0) {
      problems.accept(path, "must be a number of at least " + min.toPlainString() + ", got " + describe(node));
      return null;
    }
    return value;
  }

  /** A whole number of at least {@code min}. */
  public Integer integer(JsonNode node, String path, int min) {
    if (absent(node)) {
      return null;
    }
    BigDecimal value = number(node);
    try {
      if (value != null && value.compareTo(BigDecimal.valueOf(min)) >= 0) {
        return value.intValueExact();
      }
    } catch (ArithmeticException e) {
      // not whole, or too large: reported below
    }
    problems.accept(path, "must be a whole number of at least " + min + ", got " + describe(node));
    return null;
  }

  Double number(JsonNode node, String path) {
    BigDecimal value = decimal(node, path, BigDecimal.ZERO);
    return value == null ? null : value.doubleValue();
  }

  /** A number greater than zero. */
  public BigDecimal positive(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    BigDecimal value = number(node);
    if (value == null || value.signum() <= 0) {
      problems.accept(path, "must be a positive number, got " + describe(node));
      return null;
    }
    return value;
  }

  /** Seconds (a number, possibly fractional), strictly positive. */
  public Duration seconds(JsonNode node, String path) {
    BigDecimal value = decimal(node, path, BigDecimal.ZERO);
    if (value == null) {
      return null;
    }
    if (value.signum() == 0) {
      problems.accept(path, "must be a positive number of seconds");
      return null;
    }
    return Duration.ofNanos(value.movePointRight(9).longValue());
  }

  /** A number, or a string holding one; else null. */
  private static BigDecimal number(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.asText().trim());
      } catch (NumberFormatException ignored) {
        return null;
      }
    }
    return null;
  }

  /** {@code true} or {@code false} (also as a string); {@code fallback} when absent. */
  public boolean bool(JsonNode node, String path, boolean fallback) {
    Boolean value = bool(node, path);
    return value == null ? fallback : value;
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
    problems.accept(path, "must be true or false, got " + describe(node));
    return null;
  }

  /** A list of strings; a single string counts as a list of one. */
  public List<String> strings(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      problems.accept(path, "must be a list of strings, got " + describe(node));
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

  /** A mapping of names to numbers from 0 to 1; empty when absent. */
  public Map<String, Double> fractions(JsonNode node, String path) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (absent(node)) {
      return out;
    }
    if (!node.isObject()) {
      problems.accept(path, "must be a mapping of name: number from 0 to 1, got " + describe(node));
      return out;
    }
    node.properties().forEach(e -> {
      BigDecimal value = decimal(e.getValue(), path + "." + e.getKey(), BigDecimal.ZERO);
      if (value != null && value.compareTo(BigDecimal.ONE) > 0) {
        problems.accept(path + "." + e.getKey(), "must be a number from 0 to 1, got " + describe(e.getValue()));
      } else if (value != null) {
        out.put(e.getKey(), value.doubleValue());
      }
    });
    return out;
  }

  /** Reports a problem that is not about a value's type. */
  public void problem(String path, String message) {
    problems.accept(path, message);
  }

  /** The node as plain Java (String, BigDecimal/BigInteger, Boolean, List, Map, null). */
  static Object plain(JsonNode node) {
    return Json.MAPPER.convertValue(node, Object.class);
  }

  public static boolean absent(JsonNode node) {
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
