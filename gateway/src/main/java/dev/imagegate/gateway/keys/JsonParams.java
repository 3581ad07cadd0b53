package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Values;
import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.http.ControlCharacters;
import dev.imagegate.gateway.store.BudgetDuration;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
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
  /** JSON's types as sent; the first bad field is the request's 400, naming the field. */
  private static final Values FIELDS = Values.strict(new Values.Report() {
    @Override
    public void wrongType(String path, String expected, JsonNode value) {
      String words = switch (expected) {
        case "a string" -> "a non-empty string";
        case "a number" -> "a number of US dollars";
        case "an integer of at least 0" -> "a whole number, 0 or more";
        case "an array of strings" -> "a list of strings";
        case "an object" -> "a JSON object";
        default -> expected;
      };
      throw new BadRequest("'" + path + "' must be " + words + ", got " + value, path);
    }

    @Override
    public void invalid(String path, JsonNode value, String problem) {
      throw new BadRequest("'" + path + "' " + problem, path);
    }
  });

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
    String text = FIELDS.nonEmptyText(value(name), name);
    return text == null ? null : withoutControls(name, text).trim();
  }

  List<String> strings(String name) {
    List<String> texts = FIELDS.strings(value(name), name);
    if (texts == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (String text : texts) {
      if (text.isBlank()) {
        throw new BadRequest("'" + name + "' must be a list of non-empty strings, got \"" + text + "\"", name);
      }
      values.add(withoutControls(name, text).trim());
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
    BigDecimal amount = FIELDS.decimal(value(name), name, null);
    if (amount == null) {
      return null;
    }
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
    return FIELDS.integer(value(name), name, 0);
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
    return FIELDS.bool(value(name), name);
  }

  Map<String, Object> object(String name) {
    return FIELDS.object(value(name), name);
  }

  private JsonNode value(String name) {
    JsonNode node = body.get(name);
    return node == null || node.isNull() ? null : node;
  }
}
