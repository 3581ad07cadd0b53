package dev.imagegate.gateway.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as LiteLLM writes it ({@code "30s"}, {@code "15m"}, {@code "1h"}, {@code "30d"}, {@code "2w"},
 * {@code "1mo"}), used for key expiry ({@code duration}) and budget periods ({@code budget_duration}). Months are
 * calendar months in UTC; the rest are fixed lengths.
 */
public record BudgetDuration(long amount, Unit unit) {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(s|m|h|d|w|mo)");

  public enum Unit {
    SECONDS("s", Duration.ofSeconds(1)), MINUTES("m", Duration.ofMinutes(1)), HOURS("h", Duration.ofHours(1)),
    DAYS("d", Duration.ofDays(1)), WEEKS("w", Duration.ofDays(7)), MONTHS("mo", null);

    private final String suffix;
    private final Duration length;

    Unit(String suffix, Duration length) {
      this.suffix = suffix;
      this.length = length;
    }
  }

  /** One budget period: {@code [start, end)}. */
  public record Period(Instant start, Instant end) {}

  public BudgetDuration {
    if (amount < 1) {
      throw new IllegalArgumentException("a duration must be at least 1");
    }
  }

  /** Parses {@code "30d"} and the like; an {@link IllegalArgumentException} says what is accepted. */
  public static BudgetDuration parse(String text) {
    Matcher matcher = text == null ? null : FORMAT.matcher(text.trim());
    if (matcher == null || !matcher.matches() || Long.parseLong(matcher.group(1)) < 1) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: use a positive whole number followed by "
          + "s, m, h, d, w or mo (e.g. 30s, 15m, 1h, 30d, 1mo)");
    }
    long amount = Long.parseLong(matcher.group(1));
    for (Unit unit : Unit.values()) {
      if (unit.suffix.equals(matcher.group(2))) {
        return new BudgetDuration(amount, unit);
      }
    }
    throw new IllegalStateException("unreachable: the pattern lists every unit");
  }

  public Instant after(Instant from) {
    return unit == Unit.MONTHS
        ? from.atZone(ZoneOffset.UTC).plusMonths(amount).toInstant()
        : from.plus(unit.length.multipliedBy(amount));
  }

  /** The period that holds {@code now}, counting whole periods from {@code anchor} (the start of a past period). */
  public Period periodAt(Instant anchor, Instant now) {
    if (now.isBefore(anchor)) {
      return new Period(anchor, after(anchor));
    }
    if (unit == Unit.MONTHS) {
      ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
      long periods = ChronoUnit.MONTHS.between(start, now.atZone(ZoneOffset.UTC)) / amount;
      ZonedDateTime begin = start.plusMonths(periods * amount);
      return new Period(begin.toInstant(), begin.plusMonths(amount).toInstant());
    }
    long length = unit.length.multipliedBy(amount).toMillis();
    long periods = (now.toEpochMilli() - anchor.toEpochMilli()) / length;
    Instant begin = anchor.plusMillis(periods * length);
    return new Period(begin, begin.plusMillis(length));
  }

  @Override
  public String toString() {
    return amount + unit.suffix;
  }
}
