package dev.imagegate.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A parsed {@code multipart/form-data} body, for asserting what a provider sent. */
public record FormParts(List<Part> parts) {
  /** One part: its field name, file name (null for text fields), content type and bytes. */
  public record Part(String name, String filename, String contentType, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Parses {@code body} sent with {@code contentType} ({@code multipart/form-data; boundary=...}). */
  public static FormParts parse(String contentType, byte[] body) {
    String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start += 2;
      int next = indexOf(body, delimiter, start);
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
      byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next - 2);
      parts.add(new Part(param(headers, "name"), param(headers, "filename"), header(headers, "Content-Type"),
          content));
      at = next;
    }
    return new FormParts(parts);
  }

  public Optional<Part> first(String name) {
    return parts.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public String text(String name) {
    return first(name).map(Part::text).orElse(null);
  }

  public List<Part> all(String name) {
    return parts.stream().filter(p -> p.name().equals(name)).toList();
  }

  public List<String> names() {
    return parts.stream().map(Part::name).toList();
  }

  private static String param(String headers, String key) {
    int at = headers.indexOf("; " + key + "=\"");
    if (at < 0) {
      return null;
    }
    int from = at + key.length() + 4;
    return headers.substring(from, headers.indexOf('"', from));
  }

  private static String header(String headers, String name) {
    for (String line : headers.split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
