package dev.imagegate.gateway.images;

import dev.imagegate.ImageFormat;
import dev.imagegate.ImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Keeps images the gateway serves itself when a caller asks for {@code url} from a provider that answers base64. Each
 * image gets an unguessable name (192 random bits) under a local directory and expires after a time to live; the URL
 * is {@code <public base>/v1/images/files/<name>}. Thread-safe.
 */
public final class FileImageStore implements ImageStore {
  public static final String ROUTE = "/v1/images/files/";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{32}\\.(png|jpg|webp|gif|svg|bin)");

  private final Path directory;
  private final Duration ttl;
  private final Clock clock;
  private final Supplier<String> publicBase;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param publicBase the scheme, host and port clients reach the gateway at, e.g. {@code http://localhost:4000}
   *     (asked for each image: the port may be known only once the server is bound)
   */
  public FileImageStore(Path directory, Duration ttl, Clock clock, Supplier<String> publicBase) {
    this.directory = directory;
    this.ttl = ttl;
    this.clock = clock;
    this.publicBase = publicBase;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the image directory " + directory, e);
    }
  }

  @Override
  public String store(byte[] bytes, ImageFormat format) {
    byte[] id = new byte[24];
    random.nextBytes(id);
    String name = Base64.getUrlEncoder().withoutPadding().encodeToString(id) + "." + format.extension();
    Path file = directory.resolve(name);
    try {
      Files.write(file, bytes);
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store an image in " + directory, e);
    }
    String base = publicBase.get();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + ROUTE + name;
  }

  /** The stored file for {@code name} when it exists and has not expired. Names that are not ours are never read. */
  public Optional<Path> find(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Path file = directory.resolve(name);
    try {
      if (!Files.isRegularFile(file) || expired(Files.getLastModifiedTime(file).toInstant())) {
        return Optional.empty();
      }
      return Optional.of(file);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Deletes expired images; returns how many. */
  public int sweep() {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        if (NAME.matcher(file.getFileName().toString()).matches()
            && expired(Files.getLastModifiedTime(file).toInstant()) && Files.deleteIfExists(file)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sweep " + directory, e);
    }
    return deleted;
  }

  private boolean expired(Instant stored) {
    return !clock.instant().isBefore(stored.plus(ttl));
  }

  public Path directory() {
    return directory;
  }
}
