package dev.imagegate.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigProblem;
import dev.imagegate.config.ConfigReader;
import dev.imagegate.config.Values;
import dev.imagegate.provider.HttpTransport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code guardrails:} section, LiteLLM's shape:
 *
 * <pre>{@code
 * guardrails:
 *   - guardrail_name: no-pii
 *     litellm_params: {guardrail: pii, mode: pre_call, default_on: true, action: mask}
 * }</pre>
 *
 * Every problem is collected, each with file, line and key, and reported at once.
 */
final class GuardrailConfig {
  private final Config config;
  private final HttpTransport transport;
  private final ConfigReader reader;

  GuardrailConfig(Config config, HttpTransport transport) {
    this.config = config;
    this.transport = transport;
    this.reader = new ConfigReader(config);
  }

  Guardrails parse() {
    JsonNode section = config.section("guardrails");
    if (Values.absent(section)) {
      return Guardrails.NONE;
    }
    if (!section.isArray()) {
      problem("guardrails", "must be a list of entries with guardrail_name and litellm_params");
      throw failure();
    }
    List<Guardrails.Configured> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < section.size(); i++) {
      Guardrails.Configured configured = entry(section.get(i), "guardrails[" + i + "]");
      if (configured != null && !names.add(configured.name())) {
        problem("guardrails[" + i + "].guardrail_name", "the name '" + configured.name() + "' is used twice");
      } else if (configured != null) {
        out.add(configured);
      }
    }
    if (!reader.problems().isEmpty()) {
      throw failure();
    }
    return Guardrails.of(out);
  }

  private Guardrails.Configured entry(JsonNode entry, String path) {
    Values values = reader.values();
    if (!entry.isObject()) {
      problem(path, "must be a mapping with guardrail_name and litellm_params");
      return null;
    }
    String name = values.requiredText(entry.get("guardrail_name"), path + ".guardrail_name");
    String paramsKey = entry.has("litellm_params") ? "litellm_params" : "params";
    JsonNode params = entry.get(paramsKey);
    String at = path + "." + paramsKey;
    if (params == null || !params.isObject()) {
      problem(at, "must be a mapping with guardrail (its type) and mode: pre_call");
      return null;
    }
    checkMode(params.get("mode"), at + ".mode");
    boolean defaultOn = values.bool(params.get("default_on"), at + ".default_on", false);
    boolean failOpen = values.bool(params.get("fail_open"), at + ".fail_open", false);
    String type = values.requiredText(params.get("guardrail"), at + ".guardrail");
    if (name == null || type == null) {
      return null;
    }
    Guardrail guardrail = new BuiltIns(values, transport, config.env()).build(type, params, at);
    return guardrail == null ? null : new Guardrails.Configured(name, guardrail, defaultOn, failOpen);
  }

  /** Only {@code pre_call} runs here: image prompts are checked before any money is spent. */
  private void checkMode(JsonNode mode, String path) {
    if (Values.absent(mode)) {
      return;
    }
    List<String> modes = new ArrayList<>();
    if (mode.isArray()) {
      mode.forEach(m -> modes.add(m.asText()));
    } else {
      modes.add(mode.asText());
    }
    for (String value : modes) {
      if (!value.equals("pre_call")) {
        problem(path, "mode '" + value + "' is not supported: image prompts are checked with mode pre_call only");
      }
    }
  }

  private void problem(String path, String message) {
    reader.problem(path, message);
  }

  private IllegalArgumentException failure() {
    List<ConfigProblem> problems = reader.problems();
    return new IllegalArgumentException(problems.size() + (problems.size() == 1 ? " error" : " errors")
        + " in the guardrails configuration:\n  "
        + String.join("\n  ", problems.stream().map(ConfigProblem::toString).toList()));
  }

  /** The keys every guardrail takes; the built-ins refuse any other key they do not read. */
  static final Set<String> COMMON_KEYS = Set.of("guardrail", "mode", "default_on", "fail_open");

  static Map<String, Object> plain(JsonNode params) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    params.properties().forEach(e -> {
      if (!COMMON_KEYS.contains(e.getKey())) {
        out.put(e.getKey(), dev.imagegate.provider.Json.MAPPER.convertValue(e.getValue(), Object.class));
      }
    });
    return out;
  }
}
