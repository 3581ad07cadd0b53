package dev.imagegate.gateway.spend;

import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.keys.KeySecrets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * {@code GET /spend/logs} filters, as LiteLLM: {@code api_key} (secret or hash), {@code user_id}, {@code end_user},
 * {@code request_id}, {@code start_date} and {@code end_date} ({@code YYYY-MM-DD}, UTC, both days included; or ISO
 * instants), plus {@code limit} (default 1000).
 *
 * @param apiKey the key's hash, or null
 * @param from inclusive, or null
 * @param to exclusive, or null
 */
public record SpendLogQuery(String apiKey, String userId, String endUser, String requestId, Instant from, Instant to,
                            int limit) {
  public static final int MAX_LIMIT = 10_000;

  public SpendLogQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("'limit' must be between 1 and " + MAX_LIMIT + ", got " + limit, "limit");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new BadRequest("'start_date' must be before 'end_date'", "start_date");
    }
  }

  public static SpendLogQuery from(Function<String, String> query) {
    String apiKey = blank(query.apply("api_key"));
    return new SpendLogQuery(apiKey == null ? null : KeySecrets.token(apiKey), blank(query.apply("user_id")),
        blank(query.apply("end_user")), blank(query.apply("request_id")), start(query, "start_date"),
        end(query, "end_date"), limit(query));
  }

  public static Instant start(Function<String, String> query, String param) {
    String value = blank(query.apply(param));
    return value == null ? null : parse(value, param, false);
  }

  public static Instant end(Function<String, String> query, String param) {
    String value = blank(query.apply(param));
    return value == null ? null : parse(value, param, true);
  }

  /** A day ({@code 2026-01-31}, whole day in UTC) or an ISO instant; {@code endOfDay} moves a day past its end. */
  private static Instant parse(String value, String param, boolean endOfDay) {
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest("'" + param + "' must be a date (YYYY-MM-DD) or an ISO-8601 instant, got '" + value + "'",
          param);
    }
  }

  private static int limit(Function<String, String> query) {
    String value = blank(query.apply("limit"));
    try {
      return value == null ? 1000 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BadRequest("'limit' must be a whole number, got '" + value + "'", "limit");
    }
  }

  static String blank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
