package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.http.ControlCharacters;
import dev.imagegate.gateway.store.BudgetDuration;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a management request's JSON body field by field. Every malformed value is a {@link BadRequest} naming the
 * field and saying what it must be; a field the endpoint does not know is refused too (a misspelt {@code max_budget}
 * must not create a key without a budget). Absent and {@code null} fields read as null.
 */
final class JsonParams {
  private final JsonNode body;

  private JsonParams(JsonNode body) {
    this.body = body;
  }

  static JsonParams of(JsonNode body, Set<String> accepted) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return new JsonParams(Json.object());
    }
    if (!body.isObject()) {
      throw new BadRequest("The request body must be a JSON object", null);
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!accepted.contains(name)) {
        throw new BadRequest("Unknown field '" + name + "'. Accepted fields: " + String.join(", ",
            new TreeSet<>(accepted)), name);
      }
    }
    return new JsonParams(body);
  }

  boolean has(String name) {
    return body.has(name);
  }

  <T> Change<T> change(String name, Function<String, T> reader) {
    return has(name) ? Change.set(reader.apply(name)) : Change.keep();
  }

  String string(String name) {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw new BadRequest("'" + name + "' must be a non-empty string", name);
    }
    return withoutControls(name, node.textValue()).trim();
  }

  List<String> strings(String name) {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      throw new BadRequest("'" + name + "' must be a list of strings", name);
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || item.textValue().isBlank()) {
        throw new BadRequest("'" + name + "' must be a list of non-empty strings, got " + item, name);
      }
      values.add(withoutControls(name, item.textValue()).trim());
    }
    return List.copyOf(values);
  }

  private static String withoutControls(String name, String text) {
    String problem = ControlCharacters.problem(name, text, false);
    if (problem != null) {
      throw new BadRequest(problem, name);
    }
    return text;
  }

  /** A non-negative amount of US dollars. */
  BigDecimal money(String name) {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      throw new BadRequest("'" + name + "' must be a number of US dollars, got " + node, name);
    }
    BigDecimal amount = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
    if (amount.signum() < 0) {
      throw new BadRequest("'" + name + "' must not be negative, got " + amount.toPlainString(), name);
    }
    if (amount.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
      throw new BadRequest("'" + name + "' must be at most 1000000000 US dollars", name);
    }
    return amount;
  }

  /** A whole number that is zero or more. */
  Integer count(String name) {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
      throw new BadRequest("'" + name + "' must be a whole number, 0 or more, got " + node, name);
    }
    return node.intValue();
  }

  BudgetDuration duration(String name) {
    String text = string(name);
    if (text == null) {
      return null;
    }
    try {
      return BudgetDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("'" + name + "': " + e.getMessage(), name);
    }
  }

  Boolean bool(String name) {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    if (!node.isBoolean()) {
      throw new BadRequest("'" + name + "' must be true or false, got " + node, name);
    }
    return node.booleanValue();
  }

  Map<String, Object> object(String name) {
    JsonNode node = value(name);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      throw new BadRequest("'" + name + "' must be a JSON object", name);
    }
    Map<String, Object> map = Json.MAPPER.convertValue(node, LinkedHashMap.class);
    return Collections.unmodifiableMap(map);
  }

  private JsonNode value(String name) {
    JsonNode node = body.get(name);
    return node == null || node.isNull() ? null : node;
  }
}
