package dev.imagegate.provider;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which values a model accepts for one portable parameter: any value, none at all (the parameter is not sent), one
 * of a fixed list, or those a {@link Rule} accepts (e.g. gpt-image-2's size rule), optionally plus a fixed list.
 */
public record Allowed(Kind kind, Set<String> values, Rule rule) {
  public enum Kind { ANY, NONE, ONE_OF, RULE }

  /** A test for values that no list can hold, with the sentence that states it in error messages. */
  public interface Rule {
    boolean accepts(String value);

    String describe();
  }

  public static final Allowed ANY = new Allowed(Kind.ANY, Set.of());
  public static final Allowed NONE = new Allowed(Kind.NONE, Set.of());

  public Allowed {
    values = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(values));
    if (kind == Kind.RULE) {
      Objects.requireNonNull(rule, "rule");
    }
  }

  public Allowed(Kind kind, Set<String> values) {
    this(kind, values, null);
  }

  public static Allowed oneOf(String... values) {
    return new Allowed(Kind.ONE_OF, new LinkedHashSet<>(List.of(values)));
  }

  public static Allowed oneOf(Set<String> values) {
    return new Allowed(Kind.ONE_OF, values);
  }

  /** Values {@code rule} accepts, and the listed {@code values} (e.g. {@code auto}). */
  public static Allowed rule(Rule rule, Set<String> values) {
    return new Allowed(Kind.RULE, values, rule);
  }

  public boolean accepts(String value) {
    return switch (kind) {
      case ANY -> true;
      case NONE -> false;
      case ONE_OF -> values.contains(value);
      case RULE -> values.contains(value) || rule.accepts(value);
    };
  }

  /** For error messages: {@code 1024x1024, 1792x1024} or {@code (not supported)}. */
  public String describe() {
    return switch (kind) {
      case ANY -> "any value";
      case NONE -> "none (this model does not take it)";
      case ONE_OF -> String.join(", ", values);
      case RULE -> (values.isEmpty() ? "" : String.join(", ", values) + ", or ") + rule.describe();
    };
  }
}
