package dev.imagegate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.CatalogException;
import dev.imagegate.catalog.CatalogSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An operator's model catalogue file (YAML or JSON, the shape of the bundled {@code catalog/*.json}) merged over a
 * catalogue. Every problem is reported at once with its file and line, as for {@code config.yaml}.
 */
public final class CatalogFile {
  private CatalogFile() {
  }

  /**
   * {@code base} with {@code file} merged over it.
   *
   * @throws ConfigException with every problem of the file, each with its line
   */
  public static Catalog load(Path file, Catalog base) {
    Problems problems = new Problems(file.toString());
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.errorAtLine(0, "", "cannot read the model catalogue: " + e.getMessage());
      throw new ConfigException(problems.errors(), List.of());
    }
    YamlTree.Parsed parsed = YamlTree.parse(text, problems);
    problems.lines(parsed.lines());
    if (!problems.hasErrors()) {
      check(parsed.root(), problems);
    }
    if (problems.hasErrors()) {
      throw new ConfigException(problems.errors(), problems.warnings());
    }
    try {
      return base.merged(file.toString(), parsed.root());
    } catch (CatalogException e) {
      e.issues().forEach(issue -> problems.error(issue.path(), issue.message()));
      throw new ConfigException(problems.errors(), problems.warnings());
    }
  }

  private static void check(JsonNode root, Problems problems) {
    for (CatalogSchema.Issue issue : CatalogSchema.check(root)) {
      problems.error(issue.path(), issue.message());
    }
  }
}
