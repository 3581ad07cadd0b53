package dev.imagegate.provider;

import dev.imagegate.error.NotFound;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed model string: {@code vertex_ai/imagen-4.0-generate-001} is provider {@code vertex_ai} and model
 * {@code imagen-4.0-generate-001}. Splits on the first {@code /} only when the prefix is a known provider, so
 * {@code openrouter/google/gemini-2.5-flash-image} keeps {@code google/gemini-2.5-flash-image} as its model.
 */
public record ModelRef(String provider, String model) {

  /** {@code provider/model}. */
  public String qualified() {
    return provider + "/" + model;
  }

  @Override
  public String toString() {
    return qualified();
  }

  /**
   * Parses {@code model}. {@code customProvider}, when set, names the provider and the whole string is the model.
   * Bare names are looked up in {@code catalogue} (model name to provider).
   *
   * @throws NotFound for an unknown provider or bare name, listing what is known
   */
  public static ModelRef parse(String model, String customProvider, Set<String> providers,
                               Map<String, String> catalogue) {
    if (customProvider != null) {
      if (!providers.contains(customProvider)) {
        throw unknown("Unknown provider '" + customProvider + "'", providers, catalogue);
      }
      return new ModelRef(customProvider, model);
    }
    int slash = model.indexOf('/');
    if (slash > 0) {
      String prefix = model.substring(0, slash);
      String rest = model.substring(slash + 1);
      if (providers.contains(prefix)) {
        if (rest.isBlank()) {
          throw new NotFound("Model string '" + model + "' names provider " + prefix + " but no model",
              null);
        }
        return new ModelRef(prefix, rest);
      }
      throw unknown("Unknown provider prefix '" + prefix + "' in model '" + model + "'", providers, catalogue);
    }
    String provider = catalogue.get(model);
    if (provider == null) {
      throw unknown("Unknown model '" + model + "'", providers, catalogue);
    }
    return new ModelRef(provider, model);
  }

  private static NotFound unknown(String what, Set<String> providers, Map<String, String> catalogue) {
    return new NotFound(what + ". Known providers: " + String.join(", ", new TreeSet<>(providers))
        + " (write provider/model); known model names: " + String.join(", ", new TreeSet<>(catalogue.keySet())),
        null);
  }
}
