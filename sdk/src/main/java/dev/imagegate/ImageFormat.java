package dev.imagegate;

import java.nio.charset.StandardCharsets;

/** Image file types, recognised from their first bytes (magic numbers), never from what a provider claims. */
public enum ImageFormat {
  PNG("png", "image/png"),
  JPEG("jpg", "image/jpeg"),
  WEBP("webp", "image/webp"),
  GIF("gif", "image/gif"),
  SVG("svg", "image/svg+xml"),
  UNKNOWN("bin", "application/octet-stream");

  private final String extension;
  private final String mimeType;

  ImageFormat(String extension, String mimeType) {
    this.extension = extension;
    this.mimeType = mimeType;
  }

  public String extension() {
    return extension;
  }

  public String mimeType() {
    return mimeType;
  }

  /** Recognises a format from the leading bytes of an image. */
  public static ImageFormat sniff(byte[] head) {
    if (startsWith(head, 0x89, 'P', 'N', 'G')) {
      return PNG;
    }
    if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (head.length >= 12 && startsWith(head, 'R', 'I', 'F', 'F')
        && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
      return WEBP;
    }
    if (startsWith(head, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    String text = new String(head, 0, Math.min(head.length, 512), StandardCharsets.UTF_8).stripLeading();
    if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.contains("<svg"))) {
      return SVG;
    }
    return UNKNOWN;
  }

  /** The format a MIME type names, or {@link #UNKNOWN}. */
  public static ImageFormat ofMimeType(String mime) {
    for (ImageFormat format : values()) {
      if (format.mimeType.equalsIgnoreCase(mime)) {
        return format;
      }
    }
    return "image/jpg".equalsIgnoreCase(mime) ? JPEG : UNKNOWN;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
