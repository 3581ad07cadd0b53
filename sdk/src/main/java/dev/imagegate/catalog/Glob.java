package dev.imagegate.catalog;

/**
 * A model-name pattern with {@code *} matching any run of characters, e.g. {@code gpt-image-2-*} or
 * {@code gemini-*-image*}. When several patterns match a name, the one with the most literal characters is the most
 * specific and wins.
 */
public record Glob(String pattern) {
  /**
   * Whether {@code name} is this pattern with each {@code *} replaced by some run of characters. Matched in place
   * (the catalogue and the prices look a call's model up in every pattern, on every call): the literal head and tail
   * at the ends, each literal between two stars at its first place after the previous one.
   */
  public boolean matches(String name) {
    int first = pattern.indexOf('*');
    if (first < 0) {
      return pattern.equals(name);
    }
    int last = pattern.lastIndexOf('*');
    int tail = pattern.length() - last - 1;
    if (name.length() < first + tail || !name.regionMatches(0, pattern, 0, first)
        || !name.regionMatches(name.length() - tail, pattern, last + 1, tail)) {
      return false;
    }
    int from = first;
    int end = name.length() - tail;
    int star = first;
    while (star < last) {
      int next = pattern.indexOf('*', star + 1);
      int at = find(name, from, end, star + 1, next - star - 1);
      if (at < 0) {
        return false;
      }
      from = at + next - star - 1;
      star = next;
    }
    return true;
  }

  public boolean isPattern() {
    return pattern.indexOf('*') >= 0;
  }

  /** The characters that are not {@code *}: the larger, the more specific the pattern. */
  public int literalLength() {
    return pattern.replace("*", "").length();
  }

  /** Where {@code pattern[start, start + length)} first occurs in {@code name[from, end)}, else -1. */
  private int find(String name, int from, int end, int start, int length) {
    for (int at = from; at + length <= end; at++) {
      if (name.regionMatches(at, pattern, start, length)) {
        return at;
      }
    }
    return -1;
  }
}
