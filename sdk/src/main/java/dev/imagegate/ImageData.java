package dev.imagegate;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.provider.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;

/**
 * One generated image: base64 exactly as the provider sent it, or a URL, plus the prompt the provider actually used
 * when it rewrote it. Immutable and lazy: base64 is decoded only when {@link #bytes()} is asked for, and a URL is
 * downloaded only then. {@link #toString()} never prints image data.
 */
public final class ImageData {
  /** Downloads the bytes behind a URL; implementations throw an {@code ImageGateException} on failure. */
  @FunctionalInterface
  public interface Fetcher {
    byte[] fetch(URI uri);
  }

  private volatile String b64Json;
  private final JsonSlice wire;
  private final String url;
  private final String revisedPrompt;
  private final Fetcher fetcher;

  /**
   * The content of a JSON string inside a response body, exactly as it is on the wire (escapes included): base64
   * kept this way is never copied into a {@code String} unless someone asks for one.
   *
   * @param escaped whether the content holds JSON escapes (a backslash), as the reader that found it saw
   */
  private record JsonSlice(byte[] buffer, int offset, int length, boolean escaped) {
  }

  private ImageData(String b64Json, JsonSlice wire, String url, String revisedPrompt, Fetcher fetcher) {
    if ((b64Json == null && wire == null) == (url == null)) {
      throw new IllegalArgumentException("an image has exactly one of b64_json and url");
    }
    this.b64Json = b64Json;
    this.wire = wire;
    this.url = url;
    this.revisedPrompt = revisedPrompt;
    this.fetcher = fetcher;
  }

  public static ImageData ofBase64(String b64Json, String revisedPrompt) {
    return new ImageData(Objects.requireNonNull(b64Json, "b64Json"), null, null, revisedPrompt, null);
  }

  /**
   * Base64 that is the content of a JSON string in {@code buffer} (between, not including, its quotes). The buffer is
   * kept, not copied, and must not change afterwards.
   *
   * @param escaped whether the content contains JSON escapes (a backslash); the reader that found the string knows
   */
  public static ImageData ofJsonBase64(byte[] buffer, int offset, int length, boolean escaped,
                                       String revisedPrompt) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    return new ImageData(null, new JsonSlice(buffer, offset, length, escaped), null, revisedPrompt, null);
  }

  public static ImageData ofBytes(byte[] bytes, String revisedPrompt) {
    return ofBase64(Base64.getEncoder().encodeToString(bytes), revisedPrompt);
  }

  public static ImageData ofUrl(String url, String revisedPrompt, Fetcher fetcher) {
    return new ImageData(null, null, Objects.requireNonNull(url, "url"), revisedPrompt, fetcher);
  }

  /** The base64 text as received, or null when this image is a URL. */
  public String b64Json() {
    String text = b64Json;
    if (text == null && wire != null) {
      text = wire.escaped() ? unescape(wire) : new String(wire.buffer(), wire.offset(), wire.length(),
          StandardCharsets.ISO_8859_1);
      b64Json = text;
    }
    return text;
  }

  /**
   * Writes this image's base64 as a JSON string value, straight from the bytes received when it came from a response
   * body (no {@code String} is made).
   */
  public void writeBase64Value(JsonGenerator json) throws IOException {
    if (wire != null && b64Json == null) {
      json.writeRawUTF8String(wire.buffer(), wire.offset(), wire.length());
    } else {
      json.writeString(b64Json());
    }
  }

  /** The URL, or null when this image is inline base64. */
  public String url() {
    return url;
  }

  /** The prompt the provider used after rewriting yours (dall-e-3), or null. */
  public String revisedPrompt() {
    return revisedPrompt;
  }

  public boolean isUrl() {
    return url != null;
  }

  /** The length of the base64 text (without materialising it), or 0 for a URL. */
  public int base64Length() {
    if (url != null) {
      return 0;
    }
    return b64Json != null || wire.escaped() ? b64Json().length() : wire.length();
  }

  /** This image with a different revised prompt. */
  public ImageData withRevisedPrompt(String prompt) {
    return new ImageData(b64Json, wire, url, prompt, fetcher);
  }

  /** This image with the fetcher used to download URL images (the client's transport). */
  public ImageData withFetcher(Fetcher newFetcher) {
    return new ImageData(b64Json, wire, url, revisedPrompt, newFetcher);
  }

  /** The image's bytes: base64 decoded (MIME or plain alphabet), or the URL downloaded (data: URLs decoded). */
  public byte[] bytes() {
    if (wire != null && b64Json == null && !wire.escaped()) {
      ByteBuffer decoded = Base64.getMimeDecoder().decode(ByteBuffer.wrap(wire.buffer(), wire.offset(),
          wire.length()));
      byte[] out = new byte[decoded.remaining()];
      decoded.get(out);
      return out;
    }
    if (url == null) {
      return decode(b64Json());
    }
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
        throw new IllegalStateException("unsupported data URL: only base64 data URLs are read");
      }
      return decode(url.substring(comma + 1));
    }
    if (fetcher == null) {
      throw new IllegalStateException("no fetcher to download " + url);
    }
    return fetcher.fetch(URI.create(url));
  }

  public InputStream openStream() {
    return new ByteArrayInputStream(bytes());
  }

  /** The image's type, from its bytes. */
  public ImageFormat format() {
    return url == null ? inlineFormat() : ImageFormat.sniff(bytes());
  }

  /** Writes the image's bytes to {@code file}, replacing it, and returns the file. */
  public Path save(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.write(file, bytes());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  private static byte[] decode(String base64) {
    return Base64.getMimeDecoder().decode(base64);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageData other && Objects.equals(b64Json(), other.b64Json()) && Objects.equals(url, other.url)
        && Objects.equals(revisedPrompt, other.revisedPrompt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(base64Length(), url, revisedPrompt);
  }

  /**
   * What the inline image is by its first bytes (never by what the provider claims), without decoding the rest;
   * {@link ImageFormat#UNKNOWN} for a URL, or for bytes that are no image this library knows.
   */
  public ImageFormat inlineFormat() {
    if (url != null) {
      return ImageFormat.UNKNOWN;
    }
    int chars = 700; // about 512 bytes: enough to find an SVG root after an XML prolog
    String head = wire != null && b64Json == null
        ? new String(wire.buffer(), wire.offset(), Math.min(wire.length(), chars), StandardCharsets.ISO_8859_1)
        : b64Json.substring(0, Math.min(b64Json.length(), chars));
    return ImageFormat.sniff(decodeHead(head));
  }

  @Override
  public String toString() {
    if (url != null) {
      String shown = url.startsWith("data:") ? url.substring(0, Math.max(url.indexOf(','), 0)) + ",..." : url;
      return "ImageData[url=" + shown + "]";
    }
    long approxBytes = base64Length() * 3L / 4;
    return "ImageData[" + inlineFormat().mimeType() + ", ~" + approxBytes + " bytes]";
  }

  private static String unescape(JsonSlice slice) {
    byte[] quoted = new byte[slice.length() + 2];
    quoted[0] = '"';
    System.arraycopy(slice.buffer(), slice.offset(), quoted, 1, slice.length());
    quoted[quoted.length - 1] = '"';
    try {
      return Json.MAPPER.readValue(quoted, String.class);
    } catch (IOException e) {
      throw new UncheckedIOException("the image's base64 is not a valid JSON string", e);
    }
  }

  private static byte[] decodeHead(String head) {
    try {
      return Base64.getMimeDecoder().decode(head.substring(0, head.length() / 4 * 4));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
