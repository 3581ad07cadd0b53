package dev.imagegate.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Values;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Builds a guardrail from its type ({@code litellm_params.guardrail}) and settings, reporting bad settings. */
final class BuiltIns {
  static final List<String> TYPES = List.of(KeywordBlocklist.TYPE, PiiDetector.TYPE, PromptLength.TYPE,
      ModerationCheck.TYPE);

  private final Values values;
  private final HttpTransport transport;
  private final Env env;

  BuiltIns(Values values, HttpTransport transport, Env env) {
    this.values = values;
    this.transport = transport;
    this.env = env;
  }

  /** The guardrail, or null after reporting why it cannot be built. */
  Guardrail build(String type, JsonNode params, String path) {
    return switch (type) {
      case KeywordBlocklist.TYPE -> known(params, path, Set.of("keywords", "patterns", "action"))
          ? blocklist(params, path) : null;
      case PiiDetector.TYPE -> known(params, path, Set.of("entities", "action", "pii_entities_config"))
          ? pii(params, path) : null;
      case PromptLength.TYPE -> known(params, path, Set.of("max_chars")) ? length(params, path) : null;
      case ModerationCheck.TYPE -> known(params, path, Set.of("api_base", "api_key", "model", "categories",
          "category_thresholds", "timeout")) ? moderation(params, path) : null;
      default -> type.contains(".") ? custom(type, params, path + ".guardrail") : unknown(type, path);
    };
  }

  private Guardrail blocklist(JsonNode params, String path) {
    List<String> keywords = strings(params.get("keywords"), path + ".keywords");
    List<Pattern> patterns = new ArrayList<>();
    List<String> sources = strings(params.get("patterns"), path + ".patterns");
    for (int i = 0; i < sources.size(); i++) {
      try {
        patterns.add(Pattern.compile(sources.get(i)));
      } catch (PatternSyntaxException e) {
        values.problem(path + ".patterns[" + i + "]", "is not a valid regular expression: " + e.getDescription());
      }
    }
    if (keywords.isEmpty() && sources.isEmpty()) {
      values.problem(path, "a keyword_blocklist needs keywords or patterns");
      return null;
    }
    Boolean mask = action(params.get("action"), path + ".action", false);
    return mask == null ? null : new KeywordBlocklist(keywords, patterns, mask);
  }

  private Guardrail pii(JsonNode params, String path) {
    Boolean mask = action(params.get("action"), path + ".action", true);
    List<String> names = strings(params.get("entities"), path + ".entities");
    Map<PiiDetector.Entity, PiiDetector.Action> actions = new EnumMap<>(PiiDetector.Entity.class);
    PiiDetector.Action base = Boolean.FALSE.equals(mask) ? PiiDetector.Action.BLOCK : PiiDetector.Action.MASK;
    for (PiiDetector.Entity entity : PiiDetector.Entity.values()) {
      if (names.isEmpty() || names.contains(entity.name())) {
        actions.put(entity, base);
      }
    }
    names.stream().filter(n -> !isEntity(n)).forEach(n -> values.problem(path + ".entities", "unknown entity '"
        + n + "': expected some of " + entityNames()));
    JsonNode perEntity = params.get("pii_entities_config");
    if (!Values.absent(perEntity) && !perEntity.isObject()) {
      values.problem(path + ".pii_entities_config", "must be a mapping of ENTITY: MASK or BLOCK");
    } else if (perEntity != null) {
      perEntity.properties().forEach(e -> entityAction(e.getKey(), e.getValue(), path, actions));
    }
    return mask == null ? null : new PiiDetector(actions);
  }

  private void entityAction(String name, JsonNode value, String path,
                            Map<PiiDetector.Entity, PiiDetector.Action> actions) {
    String at = path + ".pii_entities_config." + name;
    if (!isEntity(name)) {
      values.problem(at, "unknown entity '" + name + "': expected one of " + entityNames());
      return;
    }
    String action = value.asText().toUpperCase(Locale.ROOT);
    if (!action.equals("MASK") && !action.equals("BLOCK")) {
      values.problem(at, "must be MASK or BLOCK");
      return;
    }
    actions.put(PiiDetector.Entity.valueOf(name), PiiDetector.Action.valueOf(action));
  }

  private Guardrail length(JsonNode params, String path) {
    if (Values.absent(params.get("max_chars"))) {
      values.problem(path + ".max_chars", "is required");
      return null;
    }
    Integer max = values.integer(params.get("max_chars"), path + ".max_chars", 1);
    return max == null ? null : new PromptLength(max);
  }

  private Guardrail moderation(JsonNode params, String path) {
    String base = values.nonEmptyText(params.get("api_base"), path + ".api_base");
    String key = values.nonEmptyText(params.get("api_key"), path + ".api_key");
    if (key == null && base == null) {
      key = env.find("OPENAI_API_KEY").orElse(null);
      if (key == null) {
        values.problem(path + ".api_key", "is required for OpenAI's moderation endpoint (or set OPENAI_API_KEY)");
        return null;
      }
    }
    String model = values.nonEmptyText(params.get("model"), path + ".model");
    Set<String> categories = new LinkedHashSet<>(strings(params.get("categories"), path + ".categories"));
    Map<String, Double> thresholds = values.fractions(params.get("category_thresholds"),
        path + ".category_thresholds");
    return new ModerationCheck(transport, base != null ? base : ModerationCheck.DEFAULT_BASE, key,
        model != null ? model : ModerationCheck.DEFAULT_MODEL, categories, thresholds,
        Optional.ofNullable(values.seconds(params.get("timeout"), path + ".timeout"))
            .orElse(ModerationCheck.DEFAULT_TIMEOUT));
  }

  /** A class implementing {@link Guardrail}: constructed with its settings as a map, or with no arguments. */
  private Guardrail custom(String className, JsonNode params, String path) {
    try {
      Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!Guardrail.class.isAssignableFrom(type)) {
        values.problem(path, className + " does not implement " + Guardrail.class.getName());
        return null;
      }
      return (Guardrail) construct(type, GuardrailConfig.plain(params));
    } catch (ClassNotFoundException e) {
      values.problem(path, "no class " + className + " on the classpath (built-in types: "
          + String.join(", ", TYPES) + ")");
    } catch (NoSuchMethodException e) {
      values.problem(path, className + " needs a public constructor taking a Map<String, Object> or none");
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      values.problem(path, "could not create " + className + ": " + cause);
    }
    return null;
  }

  private static Object construct(Class<?> type, Map<String, Object> settings)
      throws ReflectiveOperationException {
    try {
      Constructor<?> withSettings = type.getConstructor(Map.class);
      return withSettings.newInstance(settings);
    } catch (NoSuchMethodException e) {
      return type.getConstructor().newInstance();
    }
  }

  private Guardrail unknown(String type, String path) {
    values.problem(path + ".guardrail", "unknown guardrail '" + type + "': expected one of "
        + String.join(", ", TYPES) + ", or the name of a class implementing " + Guardrail.class.getName());
    return null;
  }

  /** A list of strings, empty when absent or after reporting a bad value. */
  private List<String> strings(JsonNode node, String path) {
    List<String> out = values.strings(node, path);
    return out == null ? List.of() : out;
  }

  /** true for mask, false for block, null after reporting a bad value. */
  private Boolean action(JsonNode node, String path, boolean maskByDefault) {
    String action = values.nonEmptyText(node, path);
    if (action == null) {
      return Values.absent(node) ? maskByDefault : null;
    }
    return switch (action.toLowerCase(Locale.ROOT)) {
      case "mask" -> true;
      case "block" -> false;
      default -> {
        values.problem(path, "must be block or mask, got '" + action + "'");
        yield null;
      }
    };
  }

  private boolean known(JsonNode params, String path, Set<String> keys) {
    Set<String> unknown = new HashSet<>();
    params.fieldNames().forEachRemaining(key -> {
      if (!keys.contains(key) && !GuardrailConfig.COMMON_KEYS.contains(key)) {
        unknown.add(key);
        values.problem(path + "." + key, "unknown setting for this guardrail; it takes " + String.join(", ",
            keys.stream().sorted().toList()));
      }
    });
    return unknown.isEmpty();
  }

  private static boolean isEntity(String name) {
    return java.util.Arrays.stream(PiiDetector.Entity.values()).anyMatch(e -> e.name().equals(name));
  }

  private static String entityNames() {
    return String.join(", ", java.util.Arrays.stream(PiiDetector.Entity.values()).map(Enum::name).toList());
  }
}
