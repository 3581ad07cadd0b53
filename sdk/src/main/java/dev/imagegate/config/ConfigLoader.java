package dev.imagegate.config;

import dev.imagegate.catalog.Catalog;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.ModelInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a LiteLLM-style {@code config.yaml}. Every error (bad types, missing keys, unset {@code os.environ/}
 * variables, unknown providers, fallbacks to groups that do not generate images) is collected and thrown at once
 * as a {@link ConfigException}, each with file, line and key. Unknown keys are warnings: LiteLLM configs carry keys
 * for other endpoints.
 */
public final class ConfigLoader {
  static final Set<String> SECTIONS = Set.of("model_list", "litellm_settings", "router_settings",
      "general_settings", "environment_variables", "guardrails", "callback_settings");
  /** The sections whose unset {@code os.environ/} references are errors: the ones the router reads. */
  static final Set<String> STRICT = Set.of("model_list", "litellm_settings", "router_settings");

  /** The environment variable naming an operator catalogue file when general_settings has no model_catalog. */
  public static final String MODEL_CATALOG_ENV = "IMAGEGATE_MODEL_CATALOG";

  private final Env env;
  private final ProviderRegistry providers;

  /**
   * @param env the process environment ({@code environment_variables} from the file are laid over it)
   * @param providers used to check that each image deployment names a known provider
   */
  public ConfigLoader(Env env, ProviderRegistry providers) {
    this.env = env;
    this.providers = providers;
  }

  public Config load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      Problems problems = new Problems(file.toString());
      problems.errorAtLine(0, "", "cannot read the config file: " + e.getMessage());
      throw new ConfigException(problems.errors(), List.of());
    }
  }

  /** Parses {@code text}; {@code fileName} is used in messages. */
  public Config parse(String text, String fileName) {
    Problems problems = new Problems(fileName);
    YamlTree.Parsed parsed = YamlTree.parse(text, problems);
    problems.lines(parsed.lines());
    JsonNode root = parsed.root();
    if (root != null && !root.isObject()) {
      problems.error("", "the config must be a mapping with model_list (and optionally router_settings, "
          + "litellm_settings, general_settings, environment_variables)");
    }
    if (problems.hasErrors()) {
      throw new ConfigException(problems.errors(), problems.warnings());
    }
    Map<String, String> variables = environmentVariables(root.get("environment_variables"), problems);
    Env resolved = Env.of(variables).orElse(env);
    Map<String, JsonNode> sections = resolveSections(root, resolved, problems);
    List<Deployment> deployments = deployments(root.get("model_list"), problems);
    SettingsParser.Parsed settings = new SettingsParser(problems).parse(root.get("router_settings"),
        root.get("litellm_settings"));
    checkFallbacks(settings.targets(), deployments, problems);
    if (problems.hasErrors()) {
      throw new ConfigException(problems.errors(), problems.warnings());
    }
    Catalog catalog = catalog(sections.get("general_settings"), resolved, fileName, problems);
    return new Config(fileName, deployments, settings.settings(), variables, sections, resolved,
        problems.warnings(), parsed.lines(), catalog);
  }

  /**
   * The bundled catalogue with the operator's file merged over it: {@code general_settings.model_catalog}, else
   * {@code IMAGEGATE_MODEL_CATALOG}; a relative path in the setting is relative to the config file, in the variable
   * to the working directory. The file's own problems carry
   * its name and lines.
   */
  private static Catalog catalog(JsonNode general, Env env, String configFile, Problems problems) {
    JsonNode setting = general == null ? null : general.get("model_catalog");
    String named = setting != null && setting.isTextual() ? setting.asText()
        : env.first(MODEL_CATALOG_ENV).orElse(null);
    if (setting != null && !setting.isTextual()) {
      problems.error("general_settings.model_catalog", "must be the path of a catalogue file (YAML or JSON)");
      throw new ConfigException(problems.errors(), problems.warnings());
    }
    if (named == null || named.isBlank()) {
      return Catalog.bundled();
    }
    Path path = Path.of(named);
    Path parent = Path.of(configFile).toAbsolutePath().getParent();
    if (setting != null && !path.isAbsolute() && parent != null) {
      path = parent.resolve(path);
    }
    try {
      return CatalogFile.load(path, Catalog.bundled());
    } catch (ConfigException e) {
      List<ConfigProblem> errors = new ArrayList<>(e.errors());
      throw new ConfigException(errors, problems.warnings());
    }
  }

  /**
   * Every top-level section with its {@code os.environ/} references resolved: strictly in the sections the router
   * reads, leniently in the others (kept for later features).
   */
  private static Map<String, JsonNode> resolveSections(JsonNode root, Env resolved, Problems problems) {
    Map<String, JsonNode> sections = new LinkedHashMap<>();
    EnvReferences strict = new EnvReferences(resolved, problems, true);
    EnvReferences lenient = new EnvReferences(resolved, problems, false);
    root.properties().forEach(e -> {
      String name = e.getKey();
      if (!SECTIONS.contains(name)) {
        problems.warn(name, "section not used by imagegate (kept for later features)");
      }
      if (!name.equals("environment_variables")) {
        (STRICT.contains(name) ? strict : lenient).resolve(e.getValue(), name,
            EnvReferences.describingEntries(root.get("model_list")));
      }
      sections.put(name, e.getValue());
    });
    return sections;
  }

  private Map<String, String> environmentVariables(JsonNode node, Problems problems) {
    Map<String, String> out = new LinkedHashMap<>();
    if (Values.absent(node)) {
      return out;
    }
    if (!node.isObject()) {
      problems.error("environment_variables", "environment_variables must be a mapping of NAME: value");
      return out;
    }
    node.properties().forEach(e -> {
      if (e.getValue().isContainerNode()) {
        problems.error("environment_variables." + e.getKey(), "must be a string, got "
            + Values.describe(e.getValue()));
        return;
      }
      String value = Values.absent(e.getValue()) ? null : EnvReferences.resolveValue(e.getValue().asText(), env);
      if (value == null) {
        problems.error("environment_variables." + e.getKey(), "no value (or it references an unset variable)");
      } else {
        out.put(e.getKey(), value);
      }
    });
    return out;
  }

  private List<Deployment> deployments(JsonNode list, Problems problems) {
    List<Deployment> out = new ArrayList<>();
    if (Values.absent(list)) {
      problems.warn("", "no model_list: the router has no model groups (only provider/model strings work)");
      return out;
    }
    if (!list.isArray()) {
      problems.error("model_list", "model_list must be a list of entries with model_name and litellm_params");
      return out;
    }
    DeploymentParser parser = new DeploymentParser(problems);
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "model_list[" + i + "]";
      Deployment deployment = parser.parse(list.get(i), path);
      if (deployment == null) {
        continue;
      }
      deployment = uniqueId(deployment, ids, path, problems);
      checkProvider(deployment, path, problems);
      out.add(deployment);
    }
    return out;
  }

  /** An explicit duplicate id is an error; a generated one gets a suffix (entries that differ only in secrets). */
  private static Deployment uniqueId(Deployment deployment, Map<String, Integer> ids, String path,
                                     Problems problems) {
    int seen = ids.merge(deployment.id(), 1, Integer::sum);
    if (seen == 1) {
      return deployment;
    }
    if (deployment.modelInfo().id() != null) {
      problems.error(path + ".model_info.id", "deployment id '" + deployment.id() + "' is used twice");
      return deployment;
    }
    return deployment.withId(deployment.id() + "-" + seen);
  }

  private void checkProvider(Deployment deployment, String path, Problems problems) {
    String modelPath = path + ".litellm_params.model";
    try {
      providers.resolve(deployment.model(), deployment.customProvider());
    } catch (RuntimeException e) {
      if (ModelInfo.IMAGE_GENERATION.equals(deployment.modelInfo().mode())) {
        problems.error(modelPath, e.getMessage());
      } else if (deployment.modelInfo().allowsImages()) {
        problems.warn(modelPath, "'" + deployment.model() + "' is not an image model imagegate knows; the "
            + "deployment is kept for other endpoints but never used for images");
      }
    }
  }

  private void checkFallbacks(List<SettingsParser.Target> targets, List<Deployment> deployments,
                              Problems problems) {
    Map<String, Boolean> imageGroups = new LinkedHashMap<>();
    for (Deployment deployment : deployments) {
      imageGroups.merge(deployment.modelName(), servesImages(deployment), Boolean::logicalOr);
    }
    for (SettingsParser.Target target : targets) {
      Boolean images = imageGroups.get(target.group());
      if (images == null) {
        problems.error(target.path(), "fallback '" + target.group() + "' is not a model group; known groups: "
            + String.join(", ", imageGroups.keySet()));
      } else if (!images) {
        problems.error(target.path(), "fallback '" + target.group() + "' does not generate images (its "
            + "deployments' mode is not image_generation or their provider is unknown): only image-capable groups "
            + "may be fallbacks");
      }
    }
  }

  private boolean servesImages(Deployment deployment) {
    if (!deployment.modelInfo().allowsImages()) {
      return false;
    }
    try {
      providers.resolve(deployment.model(), deployment.customProvider());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
