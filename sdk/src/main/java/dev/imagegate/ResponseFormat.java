package dev.imagegate;

import dev.imagegate.error.BadRequest;

/** How images come back: a link ({@code url}) or the bytes inline as base64 ({@code b64_json}). */
public enum ResponseFormat {
  URL("url"),
  B64_JSON("b64_json");

  private final String wire;

  ResponseFormat(String wire) {
    this.wire = wire;
  }

  /** The name OpenAI uses on the wire. */
  public String wire() {
    return wire;
  }

  /** Parses {@code url} or {@code b64_json}; anything else is a {@link BadRequest} naming {@code response_format}. */
  public static ResponseFormat parse(String value) {
    for (ResponseFormat format : values()) {
      if (format.wire.equals(value)) {
        return format;
      }
    }
    throw new BadRequest("Invalid response_format '" + value + "': allowed values are url, b64_json",
        "response_format");
  }

  @Override
  public String toString() {
    return wire;
  }
}
