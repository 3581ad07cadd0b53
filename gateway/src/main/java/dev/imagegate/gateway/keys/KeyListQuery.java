package dev.imagegate.gateway.keys;

import dev.imagegate.error.BadRequest;
import java.util.function.Function;

/**
 * {@code GET /key/list?page=1&size=10&user_id=&team_id=&key_alias=&return_full_object=false}, as LiteLLM.
 *
 * @param page 1-based
 * @param size 1..100
 */
public record KeyListQuery(int page, int size, String userId, String teamId, String keyAlias,
                           boolean returnFullObject) {
  public static final int MAX_SIZE = 100;

  public KeyListQuery {
    if (page < 1) {
      throw new BadRequest("'page' must be 1 or more, got " + page, "page");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new BadRequest("'size' must be between 1 and " + MAX_SIZE + ", got " + size, "size");
    }
  }

  /** Reads query parameters ({@code query.apply(name)} is null when absent). */
  public static KeyListQuery from(Function<String, String> query) {
    return new KeyListQuery(number(query, "page", 1), number(query, "size", 10), blankToNull(query.apply("user_id")),
        blankToNull(query.apply("team_id")), blankToNull(query.apply("key_alias")),
        flag(query.apply("return_full_object")));
  }

  private static int number(Function<String, String> query, String name, int fallback) {
    String value = blankToNull(query.apply(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BadRequest("'" + name + "' must be a whole number, got '" + value + "'", name);
    }
  }

  private static boolean flag(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new BadRequest("'return_full_object' must be true or false, got '" + value + "'", "return_full_object");
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
