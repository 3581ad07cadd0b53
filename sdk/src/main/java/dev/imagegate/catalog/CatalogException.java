package dev.imagegate.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** A catalogue file that cannot be used, with every problem found (each at its path). */
public final class CatalogException extends RuntimeException {
  private final String file;
  private final List<CatalogSchema.Issue> issues;

  public CatalogException(String file, List<CatalogSchema.Issue> issues) {
    super(issues.size() + (issues.size() == 1 ? " problem" : " problems") + " in the model catalogue " + file + ":\n"
        + issues.stream().map(i -> "  " + i).collect(Collectors.joining("\n")));
    this.file = file;
    this.issues = List.copyOf(issues);
  }

  public String file() {
    return file;
  }

  public List<CatalogSchema.Issue> issues() {
    return issues;
  }
}
