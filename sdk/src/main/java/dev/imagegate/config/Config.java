package dev.imagegate.config;

import dev.imagegate.catalog.Catalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.imagegate.provider.Env;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.RouterSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded LiteLLM-style {@code config.yaml}: the deployments of {@code model_list}, the router settings, and every
 * top-level section as a tree with {@code os.environ/} references resolved ({@code general_settings},
 * {@code litellm_settings}, and sections imagegate does not read yet, for later features). Immutable.
 *
 * @param file the file name used in messages
 * @param env the environment references were resolved against: {@code environment_variables} over the process
 *     environment; pass it on to the router so providers see the same variables
 * @param warnings unknown keys and ignored settings, each with file and line
 * @param catalog the bundled model catalogue with the operator's {@code general_settings.model_catalog} file (else
 *     {@code IMAGEGATE_MODEL_CATALOG}) merged over it
 */
public record Config(String file, List<Deployment> deployments, RouterSettings routerSettings,
                     Map<String, String> environmentVariables, Map<String, JsonNode> sections, Env env,
                     List<ConfigProblem> warnings, Map<String, Integer> lines, Catalog catalog) {

  public Config(String file, List<Deployment> deployments, RouterSettings routerSettings,
                Map<String, String> environmentVariables, Map<String, JsonNode> sections, Env env,
                List<ConfigProblem> warnings, Map<String, Integer> lines) {
    this(file, deployments, routerSettings, environmentVariables, sections, env, warnings, lines, Catalog.bundled());
  }

  public Config {
    catalog = catalog == null ? Catalog.bundled() : catalog;
    deployments = List.copyOf(deployments);
    environmentVariables = Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
    sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    warnings = List.copyOf(warnings);
    lines = Map.copyOf(lines);
  }

  /** This configuration described by {@code newCatalog} (e.g. one with an operator's file merged in). */
  public Config withCatalog(Catalog newCatalog) {
    return new Config(file, deployments, routerSettings, environmentVariables, sections, env, warnings, lines,
        newCatalog);
  }

  /** A top-level section as written (references resolved), or a missing node. */
  public JsonNode section(String name) {
    JsonNode node = sections.get(name);
    return node == null ? MissingNode.getInstance() : node;
  }

  public JsonNode generalSettings() {
    return section("general_settings");
  }

  public JsonNode litellmSettings() {
    return section("litellm_settings");
  }

  public JsonNode routerSettingsTree() {
    return section("router_settings");
  }

  /** The line of a key path such as {@code general_settings.master_key}, for later features' own errors. */
  public Optional<Integer> line(String path) {
    return Optional.ofNullable(lines.get(path));
  }
}
