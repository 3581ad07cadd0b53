package dev.imagegate;

import dev.imagegate.error.BadRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One image sent to a provider (an image to edit or vary, or a mask): bytes in memory or a file on disk, so that large
 * uploads can be spooled to a temporary file and streamed to the provider without sitting whole in the heap. The
 * format is recognised from the leading bytes (never from the name or a content type); dimensions and whether a PNG
 * has an alpha channel are read from the header on first use. Immutable and thread-safe; a file is read afresh by each
 * {@link #open()} and is not deleted here (whoever spooled it deletes it when the call ends).
 */
public final class InputImage {
  private final String name;
  private final byte[] bytes;
  private final Path path;
  private final long size;
  private final ImageFormat format;
  private volatile ImageHeader header;

  private InputImage(String name, byte[] bytes, Path path, long size, ImageFormat format) {
    this.name = name;
    this.bytes = bytes;
    this.path = path;
    this.size = size;
    this.format = format;
  }

  /** An image held in memory; {@code name} may be null (then {@code image.<ext>}). The array is not copied. */
  public static InputImage of(byte[] bytes, String name) {
    Objects.requireNonNull(bytes, "bytes");
    ImageFormat format = ImageFormat.sniff(head(bytes));
    return new InputImage(nameOr(name, format), bytes, null, bytes.length, format);
  }

  public static InputImage of(byte[] bytes) {
    return of(bytes, null);
  }

  /** An image in a file, read when sent (the file must stay until the call ends). */
  public static InputImage of(Path path) {
    return of(path, path.getFileName() == null ? null : path.getFileName().toString());
  }

  /** A file under a name of the caller's choosing (e.g. the upload's file name for a spooled temporary file). */
  public static InputImage of(Path path, String name) {
    try (InputStream in = Files.newInputStream(path)) {
      ImageFormat format = ImageFormat.sniff(in.readNBytes(64));
      return new InputImage(nameOr(name, format), null, path, Files.size(path), format);
    } catch (IOException e) {
      throw new BadRequest("Cannot read image file " + path + ": " + e.getMessage(), "image");
    }
  }

  /** Reads a stream to its end into memory (for callers holding a stream; the gateway spools large uploads instead). */
  public static InputImage of(InputStream stream, String name) {
    try {
      return of(stream.readAllBytes(), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file name sent upstream (multipart {@code filename}). */
  public String name() {
    return name;
  }

  /** The format by magic bytes ({@link ImageFormat#UNKNOWN} when not an image we know). */
  public ImageFormat format() {
    return format;
  }

  /** Size in bytes. */
  public long size() {
    return size;
  }

  /** The spooled file, when the image is on disk. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** A fresh stream over the whole image. */
  public InputStream open() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
  }

  /**
   * The whole image in memory: only for providers whose API takes images inside a JSON body that must be signed
   * whole (Bedrock). Others stream with {@link #open()}.
   */
  public byte[] readAllBytes() {
    if (bytes != null) {
      return bytes;
    }
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Width, height and alpha from the image header; read once. Dimensions are 0 when the header is not readable. */
  public ImageHeader header() {
    ImageHeader h = header;
    if (h == null) {
      try (InputStream in = open()) {
        h = ImageHeader.read(format, in);
      } catch (IOException e) {
        h = new ImageHeader(0, 0, false);
      }
      header = h;
    }
    return h;
  }

  /** Never prints bytes. */
  @Override
  public String toString() {
    return "InputImage[" + name + ", " + format.mimeType() + ", " + size + " bytes" + (path == null ? "" : ", file")
        + "]";
  }

  private static byte[] head(byte[] bytes) {
    byte[] head = new byte[Math.min(bytes.length, 64)];
    System.arraycopy(bytes, 0, head, 0, head.length);
    return head;
  }

  private static String nameOr(String name, ImageFormat format) {
    return name == null || name.isBlank() ? "image." + format.extension() : name;
  }
}
