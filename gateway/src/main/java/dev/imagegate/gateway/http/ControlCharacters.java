package dev.imagegate.gateway.http;

/**
 * Control characters (C0, DEL, C1) in a client's text field: never meaningful in a name, an id or a setting, and
 * hostile where they go next (a lenient reader trims them and accepts, PostgreSQL refuses a NUL in text with an
 * error). Fields that may hold them say so: a prompt may hold line breaks and tabs.
 */
public final class ControlCharacters {
  private ControlCharacters() {
  }

  /** The position of the first control character in {@code text} (line breaks and tabs allowed or not), else -1. */
  public static int find(String text, boolean allowLineBreaks) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
      if (control && !(allowLineBreaks && (c == '\n' || c == '\r' || c == '\t'))) {
        return i;
      }
    }
    return -1;
  }

  /** "Invalid 'NAME': it contains the control character U+0000 at position 3", or null when there is none. */
  public static String problem(String name, String text, boolean allowLineBreaks) {
    int at = find(text, allowLineBreaks);
    return at < 0 ? null : "Invalid '" + name + "': it contains the control character U+"
        + String.format("%04X", (int) text.charAt(at)) + " at position " + at;
  }
}
