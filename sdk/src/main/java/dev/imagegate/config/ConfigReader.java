package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * Reads settings a later feature takes from a loaded {@link Config} (e.g. the gateway's {@code general_settings})
 * with the loader's own {@link Values}, so a bad value is a {@link ConfigProblem} with file, line and key like every
 * other config error. Read every setting, then {@link #check()} throws all the problems at once. Not thread-safe.
 */
public final class ConfigReader {
  private final Config config;
  private final Problems problems;
  private final Values values;

  public ConfigReader(Config config) {
    this.config = config;
    this.problems = new Problems(config.file());
    this.problems.lines(config.lines());
    this.values = new Values(problems);
  }

  /** The typed reads; their problems carry this config's file and lines. */
  public Values values() {
    return values;
  }

  /** The value at a dotted key path such as {@code general_settings.master_key}, or a missing node. */
  public JsonNode node(String path) {
    String[] parts = path.split("\\.");
    JsonNode node = config.section(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      node = node.path(parts[i]);
    }
    return node == null ? MissingNode.getInstance() : node;
  }

  /** Reports a problem with the value at {@code path}. */
  public void problem(String path, String message) {
    problems.error(path, message);
  }

  /** Reports a problem that is not in the file (e.g. an environment variable's value). */
  public void problemOutsideFile(String message) {
    problems.errorAtLine(0, "", message);
  }

  /** The problems reported so far, each with file, line and key. */
  public List<ConfigProblem> problems() {
    return problems.errors();
  }

  /** @throws ConfigException with every problem reported so far, when there is one */
  public void check() {
    if (problems.hasErrors()) {
      throw new ConfigException(problems.errors(), List.of());
    }
  }
}
