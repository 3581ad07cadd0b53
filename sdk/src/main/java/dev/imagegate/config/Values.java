package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Typed reads of one field at a time: the one field reader of imagegate, for config files (every section: the
 * loader's, the gateway's {@code general_settings}, guardrails, callbacks) and for JSON request bodies. A bad value is
 * told to the {@link Report} and reads as null. Two modes:
 * <ul>
 *   <li>config ({@link #Values(BiConsumer)}): YAML's words ("a list", "a mapping"); numbers and booleans written as
 *       strings (e.g. from {@code os.environ/...}) are accepted; each problem becomes a message for the loader's
 *       problem list, so one pass reports every error;</li>
 *   <li>{@link #strict}: JSON's types as sent, in JSON's words ("an array", "an object"); the report usually throws
 *       the request's error.</li>
 * </ul>
 * Absent and {@code null} values read as null in both. Holds no state of its own: thread-safe when its report is.
 */
public final class Values {
  /** Where bad values are told. */
  public interface Report {
    /** The value at {@code path} is not {@code expected} (e.g. "a string"). */
    void wrongType(String path, String expected, JsonNode value);

    /**
     * The value at {@code path} has the right type but is not allowed: {@code problem} says why ({@code value} is
     * null when the problem is not about one value).
     */
    void invalid(String path, JsonNode value, String problem);
  }

  private final Report report;
  private final boolean strict;

  private Values(Report report, boolean strict) {
    this.report = report;
    this.strict = strict;
  }

  /** A config reader: {@code problems} is told each bad value's key path and what is wrong with it. */
  public Values(BiConsumer<String, String> problems) {
    this(new Report() {
      @Override
      public void wrongType(String path, String expected, JsonNode value) {
        problems.accept(path, "must be " + expected + ", got " + describe(value));
      }

      @Override
      public void invalid(String path, JsonNode value, String problem) {
        problems.accept(path, problem);
      }
    }, false);
  }

  Values(Problems problems) {
    this(problems::error);
  }

  /** A reader of JSON request bodies: types as JSON has them. */
  public static Values strict(Report report) {
    return new Values(report, true);
  }

  /**
   * A string (in config, numbers and booleans as written); an {@code os.environ/} reference a config section left
   * unresolved is reported as the unset variable it names.
   */
  public String text(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isTextual() || !strict && (node.isNumber() || node.isBoolean())) {
      String unset = strict ? null : EnvReferences.unresolved(node.asText());
      if (unset != null) {
        report.invalid(path, node, unset);
        return null;
      }
      return node.asText();
    }
    report.wrongType(path, "a string", node);
    return null;
  }

  /** {@link #text}, refusing a blank string. */
  public String nonEmptyText(JsonNode node, String path) {
    String text = text(node, path);
    if (text != null && text.isBlank()) {
      report.invalid(path, node, "must be a non-empty string");
      return null;
    }
    return text;
  }

  /** {@link #nonEmptyText}, reporting an absent value as required. */
  public String requiredText(JsonNode node, String path) {
    if (absent(node)) {
      report.invalid(path, null, "is required");
      return null;
    }
    return nonEmptyText(node, path);
  }

  /** A number of at least {@code min} (any number when null). */
  public BigDecimal decimal(JsonNode node, String path, BigDecimal min) {
    if (absent(node)) {
      return null;
    }
    BigDecimal value = number(node);
    if (value == null || min != null && value.compareTo(min) < 0) {
      report.wrongType(path, min == null ? "a number" : "a number of at least " + min.toPlainString(), node);
      return null;
    }
    return value;
  }

  /** A whole number of at least {@code min} that fits an int. */
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
    report.wrongType(path, strict ? "an integer of at least " + min : "a whole number of at least " + min, node);
    return null;
  }

  /** Any whole number that fits an int; one too large for an int is reported as "too large". */
  public Integer integer(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isIntegralNumber() && (strict || number(node) == null || number(node).stripTrailingZeros().scale() > 0)) {
      report.wrongType(path, strict ? "an integer" : "a whole number", node);
      return null;
    }
    try {
      return number(node).intValueExact();
    } catch (ArithmeticException e) {
      report.invalid(path, node, "too large");
      return null;
    }
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
      report.wrongType(path, "a positive number", node);
      return null;
    }
    return value;
  }

  /** Seconds (a number, possibly fractional), strictly positive. */
  public Duration seconds(JsonNode node, String path) {
    if (strict) {
      BigDecimal value = absent(node) ? null : number(node);
      if (!absent(node) && (value == null || value.signum() <= 0)) {
        report.wrongType(path, "a positive number of seconds", node);
      }
      return value == null || value.signum() <= 0 ? null : Duration.ofNanos(value.movePointRight(9).longValue());
    }
    BigDecimal value = decimal(node, path, BigDecimal.ZERO);
    if (value == null) {
      return null;
    }
    if (value.signum() == 0) {
      report.invalid(path, node, "must be a positive number of seconds");
      return null;
    }
    return Duration.ofNanos(value.movePointRight(9).longValue());
  }

  /** A number, or in config a string holding one; else null. */
  private BigDecimal number(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual() && !strict) {
      try {
        return new BigDecimal(node.asText().trim());
      } catch (NumberFormatException ignored) {
        return null;
      }
    }
    return null;
  }

  /** {@code true} or {@code false} (in config also as a string); {@code fallback} when absent. */
  public boolean bool(JsonNode node, String path, boolean fallback) {
    Boolean value = bool(node, path);
    return value == null ? fallback : value;
  }

  /** {@code true} or {@code false} (in config also as a string); null when absent. */
  public Boolean bool(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String text = node.isTextual() && !strict ? node.asText().trim().toLowerCase(Locale.ROOT) : "";
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    report.wrongType(path, "true or false", node);
    return null;
  }

  /** A list of strings; in config a single string counts as a list of one. */
  public List<String> strings(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (node.isTextual() && !strict) {
      return List.of(node.asText());
    }
    String expected = strict ? "an array of strings" : "a list of strings";
    if (!node.isArray()) {
      report.wrongType(path, expected, node);
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (strict && !node.get(i).isTextual()) {
        report.wrongType(path, expected, node);
        return null;
      }
      String item = text(node.get(i), path + "[" + i + "]");
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  /** An object (a mapping) as plain Java values, in order. */
  public Map<String, Object> object(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      report.wrongType(path, strict ? "an object" : "a mapping", node);
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
    return Collections.unmodifiableMap(out);
  }

  /** A mapping of names to numbers from 0 to 1; empty when absent. */
  public Map<String, Double> fractions(JsonNode node, String path) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (absent(node)) {
      return out;
    }
    if (!node.isObject()) {
      report.wrongType(path, "a mapping of name: number from 0 to 1", node);
      return out;
    }
    node.properties().forEach(e -> {
      BigDecimal value = decimal(e.getValue(), path + "." + e.getKey(), BigDecimal.ZERO);
      if (value != null && value.compareTo(BigDecimal.ONE) > 0) {
        report.wrongType(path + "." + e.getKey(), "a number from 0 to 1", e.getValue());
      } else if (value != null) {
        out.put(e.getKey(), value.doubleValue());
      }
    });
    return out;
  }

  /** Reports a problem that is not about a value's type. */
  public void problem(String path, String message) {
    report.invalid(path, null, message);
  }

  /** The node as plain Java (String, BigDecimal/BigInteger, Boolean, List, Map, null). */
  static Object plain(JsonNode node) {
    return Json.MAPPER.convertValue(node, Object.class);
  }

  public static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** A config value for messages: {@code 'text'}, {@code a list}, {@code a mapping}. */
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
