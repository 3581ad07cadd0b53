package dev.imagegate.provider;

import java.util.Map;
import java.util.Optional;

/** Where settings such as {@code OPENAI_API_KEY} come from: the process environment, a map in tests, a vault. */
@FunctionalInterface
public interface Env {
  /** The value of {@code name}, or null when unset. Blank values count as unset. */
  String get(String name);

  default Optional<String> find(String name) {
    String value = get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** The first of {@code names} that is set. */
  default Optional<String> first(String... names) {
    for (String name : names) {
      Optional<String> value = find(name);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  static Env system() {
    // the process's environment never changes: one map lookup per variable (System.getenv(name) costs a few
    // microseconds per call, and a call looks up every provider key variable for redaction)
    Map<String, String> environment = System.getenv();
    return environment::get;
  }

  static Env of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return copy::get;
  }

  /** Looks in {@code this} first, then in {@code fallback}. */
  default Env orElse(Env fallback) {
    return name -> find(name).orElseGet(() -> fallback.get(name));
  }
}
