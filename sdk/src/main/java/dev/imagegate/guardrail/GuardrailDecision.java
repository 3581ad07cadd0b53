package dev.imagegate.guardrail;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one guardrail decided about one call, for the call's log event and spend row: never the prompt's sensitive
 * values, only counts per category.
 *
 * @param findings what was found, as counts per category (e.g. {@code CREDIT_CARD: 1})
 * @param reason why the prompt was blocked, or null
 * @param error why the check could not be made, or null; with {@link Action#PASSED} the guardrail failed open, with
 *     {@link Action#BLOCKED} it failed closed
 */
public record GuardrailDecision(String guardrail, Action action, Map<String, Integer> findings, String reason,
                                String error) {
  public enum Action {
    PASSED, BLOCKED, MASKED;

    /** {@code passed}, {@code blocked} or {@code masked} (also how it is written as JSON). */
    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public GuardrailDecision {
    Objects.requireNonNull(guardrail, "guardrail");
    Objects.requireNonNull(action, "action");
    findings = findings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(findings));
  }

  /** Whether the check itself failed (the service was unreachable, the guardrail threw). */
  public boolean failed() {
    return error != null;
  }
}
