package dev.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * Where a model stands at its provider. {@code confirmed = false} marks a shutdown seen only in secondary or
 * contradicting sources: such a model is warned about as deprecated but never refused, so a working configuration
 * keeps working until the provider itself refuses it.
 *
 * @param deprecationDate when the provider announced the end (null: none announced)
 * @param shutdownDate from this day on the provider no longer serves the model (null: none announced)
 * @param replacement the model the provider recommends instead, as a model string
 * @param confirmed whether the shutdown date is confirmed by the provider's own pages (default true)
 */
public record Lifecycle(@JsonProperty("deprecation_date") LocalDate deprecationDate,
                        @JsonProperty("shutdown_date") LocalDate shutdownDate, String replacement,
                        Boolean confirmed) {
  public static final Lifecycle ACTIVE = new Lifecycle(null, null, null, null);

  public Lifecycle {
    confirmed = confirmed == null ? Boolean.TRUE : confirmed;
  }

  /** From the catalogue's text fields ({@code YYYY-MM-DD}, or null). */
  @JsonCreator
  static Lifecycle parse(@JsonProperty("deprecation_date") String deprecationDate,
                         @JsonProperty("shutdown_date") String shutdownDate,
                         @JsonProperty("replacement") String replacement,
                         @JsonProperty("confirmed") Boolean confirmed) {
    return new Lifecycle(deprecationDate == null ? null : LocalDate.parse(deprecationDate),
        shutdownDate == null ? null : LocalDate.parse(shutdownDate), replacement, confirmed);
  }

  /** The state on {@code today}. */
  public State state(LocalDate today) {
    if (shutdownDate != null && !today.isBefore(shutdownDate)) {
      return confirmed ? State.SHUT_DOWN : State.DEPRECATED;
    }
    if (shutdownDate != null || deprecationDate != null) {
      return State.DEPRECATED;
    }
    return State.ACTIVE;
  }

  /** This lifecycle with the fields {@code other} sets winning. */
  public Lifecycle overriddenBy(Lifecycle other) {
    return new Lifecycle(other.deprecationDate != null ? other.deprecationDate : deprecationDate,
        other.shutdownDate != null ? other.shutdownDate : shutdownDate,
        other.replacement != null ? other.replacement : replacement, other.confirmed);
  }

  /** The deployment settings that override a model's lifecycle. */
  public static final java.util.Set<String> SETTINGS = java.util.Set.of("deprecation_date", "shutdown_date",
      "replacement");

  /**
   * This lifecycle with a deployment's own {@code deprecation_date}, {@code shutdown_date} and {@code replacement}
   * settings winning (a shutdown date set there counts as confirmed).
   *
   * @throws java.time.format.DateTimeParseException for a date that is not {@code YYYY-MM-DD}
   */
  public Lifecycle overriddenBy(java.util.Map<String, Object> settings) {
    Object deprecation = settings.get("deprecation_date");
    Object shutdown = settings.get("shutdown_date");
    Object newReplacement = settings.get("replacement");
    return overriddenBy(new Lifecycle(deprecation == null ? null : LocalDate.parse(deprecation.toString().trim()),
        shutdown == null ? null : LocalDate.parse(shutdown.toString().trim()),
        newReplacement == null ? null : newReplacement.toString(), shutdown != null ? Boolean.TRUE : confirmed));
  }

  /** A sentence for warnings and errors: {@code shut down on 2026-05-12; use gpt-image-2 instead}. */
  public String describe(LocalDate today) {
    StringBuilder out = new StringBuilder();
    if (shutdownDate != null) {
      out.append(today.isBefore(shutdownDate) ? "shuts down on " : "shut down on ").append(shutdownDate);
      if (!confirmed) {
        out.append(" (unconfirmed)");
      }
    } else if (deprecationDate != null) {
      out.append("deprecated since ").append(deprecationDate);
    }
    if (replacement != null) {
      out.append("; use ").append(replacement).append(" instead");
    }
    return out.toString();
  }

  public enum State { ACTIVE, DEPRECATED, SHUT_DOWN }
}
