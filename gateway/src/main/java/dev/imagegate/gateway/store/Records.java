package dev.imagegate.gateway.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies for the stored records: lists are immutable, maps keep JSON nulls but cannot be changed. */
final class Records {
  private Records() {}

  static List<String> list(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  static Map<String, Object> map(Map<String, Object> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
