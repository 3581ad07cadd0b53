package dev.imagegate.gateway.admin;

import dev.imagegate.gateway.store.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One gateway per SQLite file: held from start to stop on {@code <file>.gateway.lock} (an OS file lock, so it is
 * released when the process dies, even by {@code kill -9}). A second gateway on the same file is refused at
 * start-up: budgets, rate limits and the key cache live in each gateway's memory, so two gateways on one SQLite file
 * would each grant a key its whole budget and keep serving a deleted key from their caches; and SQLite serialises
 * their spend writers on one file lock. Fleets share PostgreSQL instead. The lock is a separate file because a
 * process that closes any handle on the database file itself drops SQLite's own POSIX locks on it.
 */
final class SqliteLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private SqliteLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock for a SQLite {@code url}; null for PostgreSQL (which many gateways share). */
  static SqliteLock claim(DatabaseUrl url) {
    if (url.kind() != DatabaseUrl.Kind.SQLITE) {
      return null;
    }
    Path database = Path.of(url.jdbcUrl().substring("jdbc:sqlite:".length()));
    Path file = database.resolveSibling(database.getFileName() + ".gateway.lock");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new IllegalStateException("another gateway" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
            + " is already using the SQLite database " + database + ": run one gateway per SQLite file, or point "
            + "every gateway at PostgreSQL (general_settings.database_url: postgresql://...)");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
      return new SqliteLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the lock file " + file + ": " + e.getMessage(), e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another gateway in this same JVM
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
  }
}
