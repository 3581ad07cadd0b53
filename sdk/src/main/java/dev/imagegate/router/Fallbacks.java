package dev.imagegate.router;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which groups to try, in order, when a group's retries are exhausted: {@code content_policy_fallbacks} for content
 * policy violations (when configured at all), else {@code fallbacks} for the group (or its {@code "*"} entry), else
 * {@code default_fallbacks}. A bad request falls back nowhere: it would fail the same way everywhere.
 *
 * @param contentPolicy null when {@code content_policy_fallbacks} is not configured
 */
public record Fallbacks(Map<String, List<String>> general, List<String> defaults,
                        Map<String, List<String>> contentPolicy) {
  public static final Fallbacks NONE = new Fallbacks(Map.of(), List.of(), null);

  public Fallbacks {
    general = copy(general);
    defaults = defaults == null ? List.of() : List.copyOf(defaults);
    contentPolicy = contentPolicy == null ? null : copy(contentPolicy);
  }

  /** The groups to try after {@code group} failed with {@code error}, without {@code group} itself. */
  public List<String> after(String group, ImageGateException error) {
    List<String> chosen;
    if (error instanceof ContentPolicyViolation && contentPolicy != null) {
      chosen = contentPolicy.getOrDefault(group, List.of());
    } else if (error instanceof BadRequest) {
      chosen = List.of();
    } else if (general.containsKey(group)) {
      chosen = general.get(group);
    } else {
      chosen = general.getOrDefault("*", defaults);
    }
    List<String> out = new ArrayList<>(chosen);
    out.remove(group);
    return out;
  }

  /** Every group named as a fallback target anywhere, for validation. */
  public List<String> targets() {
    List<String> out = new ArrayList<>(defaults);
    general.values().forEach(out::addAll);
    if (contentPolicy != null) {
      contentPolicy.values().forEach(out::addAll);
    }
    return out;
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> map) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (map != null) {
      map.forEach((k, v) -> out.put(k, List.copyOf(v)));
    }
    return Collections.unmodifiableMap(out);
  }
}
