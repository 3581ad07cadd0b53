package dev.imagegate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
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

  private final String b64Json;
  private final String url;
  private final String revisedPrompt;
  private final Fetcher fetcher;

  private ImageData(String b64Json, String url, String revisedPrompt, Fetcher fetcher) {
    if ((b64Json == null) == (url == null)) {
      throw new IllegalArgumentException("an image has exactly one of b64_json and url");
    }
    this.b64Json = b64Json;
    this.url = url;
    this.revisedPrompt = revisedPrompt;
    this.fetcher = fetcher;
  }

  public static ImageData ofBase64(String b64Json, String revisedPrompt) {
    return new ImageData(Objects.requireNonNull(b64Json, "b64Json"), null, revisedPrompt, null);
  }

  public static ImageData ofBytes(byte[] bytes, String revisedPrompt) {
    return ofBase64(Base64.getEncoder().encodeToString(bytes), revisedPrompt);
  }

  public static ImageData ofUrl(String url, String revisedPrompt, Fetcher fetcher) {
    return new ImageData(null, Objects.requireNonNull(url, "url"), revisedPrompt, fetcher);
  }

  /** The base64 text as received, or null when this image is a URL. */
  public String b64Json() {
    return b64Json;
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

  /** This image with a different revised prompt. */
  public ImageData withRevisedPrompt(String prompt) {
    return new ImageData(b64Json, url, prompt, fetcher);
  }

  /** This image with the fetcher used to download URL images (the client's transport). */
  public ImageData withFetcher(Fetcher newFetcher) {
    return new ImageData(b64Json, url, revisedPrompt, newFetcher);
  }

  /** The image's bytes: base64 decoded (MIME or plain alphabet), or the URL downloaded (data: URLs decoded). */
  public byte[] bytes() {
    if (b64Json != null) {
      return decode(b64Json);
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
    return ImageFormat.sniff(bytes());
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
    return o instanceof ImageData other && Objects.equals(b64Json, other.b64Json) && Objects.equals(url, other.url)
        && Objects.equals(revisedPrompt, other.revisedPrompt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(b64Json == null ? 0 : b64Json.length(), url, revisedPrompt);
  }

  @Override
  public String toString() {
    if (url != null) {
      String shown = url.startsWith("data:") ? url.substring(0, Math.max(url.indexOf(','), 0)) + ",..." : url;
      return "ImageData[url=" + shown + "]";
    }
    long approxBytes = b64Json.length() * 3L / 4;
    String head = b64Json.substring(0, Math.min(b64Json.length(), 16));
    ImageFormat format = ImageFormat.sniff(decodeHead(head));
    return "ImageData[" + format.mimeType() + ", ~" + approxBytes + " bytes]";
  }

  private static byte[] decodeHead(String head) {
    try {
      return Base64.getMimeDecoder().decode(head.substring(0, head.length() / 4 * 4));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
