package dev.imagegate.provider;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which values a model accepts for one portable parameter: any value, none at all (the parameter is not sent), or one
 * of a fixed list.
 */
public record Allowed(Kind kind, Set<String> values) {
  public enum Kind { ANY, NONE, ONE_OF }

  public static final Allowed ANY = new Allowed(Kind.ANY, Set.of());
  public static final Allowed NONE = new Allowed(Kind.NONE, Set.of());

  public Allowed {
    values = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(values));
  }

  public static Allowed oneOf(String... values) {
    return new Allowed(Kind.ONE_OF, new LinkedHashSet<>(List.of(values)));
  }

  public static Allowed oneOf(Set<String> values) {
    return new Allowed(Kind.ONE_OF, values);
  }

  public boolean accepts(String value) {
    return switch (kind) {
      case ANY -> true;
      case NONE -> false;
      case ONE_OF -> values.contains(value);
    };
  }

  /** For error messages: {@code 1024x1024, 1792x1024} or {@code (not supported)}. */
  public String describe() {
    return switch (kind) {
      case ANY -> "any value";
      case NONE -> "none (this model does not take it)";
      case ONE_OF -> String.join(", ", values);
    };
  }
}
