package dev.imagegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;

/** File names from prompts: {@code "A red fox, at dawn!"} becomes {@code a-red-fox-at-dawn}. */
final class FileNames {
  private static final int MAX_LENGTH = 48;

  private FileNames() {
  }

  static String slug(String prompt) {
    String ascii = Normalizer.normalize(prompt, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > MAX_LENGTH) {
      slug = slug.substring(0, MAX_LENGTH).replaceAll("-[^-]*$", "");
    }
    return slug.isEmpty() ? "image" : slug;
  }

  /** {@code dir/base.ext}, or {@code dir/base-2.ext}, ... when that file exists already. */
  static Path unused(Path dir, String base, String extension) {
    Path candidate = dir.resolve(base + "." + extension);
    for (int i = 2; Files.exists(candidate); i++) {
      candidate = dir.resolve(base + "-" + i + "." + extension);
    }
    return candidate;
  }
}
