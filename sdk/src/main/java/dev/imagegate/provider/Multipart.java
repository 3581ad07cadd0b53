package dev.imagegate.provider;

import dev.imagegate.InputImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) whose file parts are streamed from their {@link InputImage}s: text
 * fields in order, then files, each file's bytes never copied into memory. Build one, then send {@link #body()} with
 * {@link #contentType()}. Not thread-safe while building.
 */
public final class Multipart {
  private final String boundary;
  private final List<StreamedBody.Piece> pieces = new ArrayList<>();

  public Multipart() {
    this("imagegate-" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** With a fixed boundary, for golden tests. */
  public Multipart(String boundary) {
    this.boundary = boundary;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** Adds a text field. */
  public Multipart field(String name, String value) {
    text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"\r\n\r\n" + value
        + "\r\n");
    return this;
  }

  /** Adds a file part carrying {@code image} under its name and MIME type (by magic bytes). */
  public Multipart file(String name, InputImage image) {
    text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\""
        + escape(image.name()) + "\"\r\nContent-Type: " + image.format().mimeType() + "\r\n\r\n");
    pieces.add(new StreamedBody.Raw(image));
    text("\r\n");
    return this;
  }

  /** The body, closed with the final boundary. */
  public StreamedBody body() {
    List<StreamedBody.Piece> all = new ArrayList<>(pieces);
    all.add(new StreamedBody.Bytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
    return new StreamedBody(all);
  }

  private void text(String value) {
    pieces.add(new StreamedBody.Bytes(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** Quotes and line breaks cannot appear inside a quoted header parameter; browsers percent-encode them. */
  private static String escape(String value) {
    return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }
}
