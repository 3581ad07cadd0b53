package dev.imagegate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects errors and warnings with their lines while a file is read. */
final class Problems {
  private final String file;
  private final List<ConfigProblem> errors = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();
  private Map<String, Integer> lines = Map.of();

  Problems(String file) {
    this.file = file;
  }

  void lines(Map<String, Integer> value) {
    this.lines = value;
  }

  void error(String path, String message) {
    errorAtLine(lineOf(path), path, message);
  }

  void warn(String path, String message) {
    warnAtLine(lineOf(path), path, message);
  }

  void errorAtLine(int line, String path, String message) {
    errors.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, line, path, message));
  }

  void warnAtLine(int line, String path, String message) {
    warnings.add(new ConfigProblem(ConfigProblem.Severity.WARNING, file, line, path, message));
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  List<ConfigProblem> errors() {
    return List.copyOf(errors);
  }

  List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }

  /** The line of {@code path}, else of its nearest ancestor, else 0. */
  int lineOf(String path) {
    String current = path;
    while (!current.isEmpty()) {
      Integer line = lines.get(current);
      if (line != null) {
        return line;
      }
      int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
      current = cut < 0 ? "" : current.substring(0, cut);
    }
    return lines.getOrDefault("", 0);
  }
}
