package dev.imagegate.catalog;

import java.util.regex.Pattern;

/**
 * A model-name pattern with {@code *} matching any run of characters, e.g. {@code gpt-image-2-*} or
 * {@code gemini-*-image*}. When several patterns match a name, the one with the most literal characters is the most
 * specific and wins.
 */
public record Glob(String pattern) {
  public boolean matches(String name) {
    return regex().matcher(name).matches();
  }

  public boolean isPattern() {
    return pattern.indexOf('*') >= 0;
  }

  /** The characters that are not {@code *}: the larger, the more specific the pattern. */
  public int literalLength() {
    return pattern.replace("*", "").length();
  }

  private Pattern regex() {
    StringBuilder out = new StringBuilder();
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(".*");
      }
      out.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(out.toString());
  }
}
