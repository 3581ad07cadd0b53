package dev.imagegate.gateway.spend;

import dev.imagegate.gateway.store.SpendEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up replay of the spend journal: the segments a killed (or database-less) gateway left behind are written to
 * the database and deleted. Rows are keyed by request id, so replaying a segment whose rows were partly or wholly
 * committed adds nothing twice.
 */
final class JournalReplay {
  private static final System.Logger LOG = System.getLogger(SpendJournal.class.getName());

  private JournalReplay() {}

  /**
   * Writes every segment of {@code database} in {@code dir} that no live process holds into {@code table}, in batches,
   * and deletes it; returns the number of events replayed. Lines that do not parse (a torn last append) are skipped.
   *
   * @throws RuntimeException when the database refuses a batch (the segment is kept for the next start)
   */
  static int replay(Path dir, String database, BatchWriter table) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> segments;
    try (var files = Files.list(dir)) {
      segments = files.filter(p -> p.getFileName().toString().startsWith("spend-" + database + "-")
          && p.getFileName().toString().endsWith(".journal")).sorted().toList();
    }
    int replayed = 0;
    for (Path segment : segments) {
      try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock held = tryLock(channel);
        if (held == null) {
          continue;
        }
        replayed += replayOne(segment, table);
        Files.delete(segment);
      }
    }
    if (replayed > 0) {
      LOG.log(Level.INFO, "replayed {0} spend event(s) from the journal in {1}", replayed, dir);
    }
    return replayed;
  }

  private static int replayOne(Path segment, BatchWriter table) throws IOException {
    List<SpendEvent> batch = new ArrayList<>();
    int count = 0;
    for (String line : Files.readAllLines(segment)) {
      try {
        batch.add(JournalCodec.decode(line));
      } catch (IOException | RuntimeException e) {
        continue;
      }
      if (batch.size() == 500) {
        count += flush(table, batch);
      }
    }
    return count + flush(table, batch);
  }

  private static int flush(BatchWriter table, List<SpendEvent> batch) {
    int size = batch.size();
    if (size > 0) {
      table.write(List.copyOf(batch));
      batch.clear();
    }
    return size;
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }
}
