package dev.imagegate.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used. Carries every error found (not just the first), each with file and line. */
public final class ConfigException extends RuntimeException {
  private final List<ConfigProblem> errors;
  private final List<ConfigProblem> warnings;

  ConfigException(List<ConfigProblem> errors, List<ConfigProblem> warnings) {
    super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the configuration:\n"
        + errors.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
    this.warnings = List.copyOf(warnings);
  }

  public List<ConfigProblem> errors() {
    return errors;
  }

  public List<ConfigProblem> warnings() {
    return warnings;
  }
}
