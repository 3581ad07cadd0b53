package dev.imagegate.gateway.spend;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One spend-journal file: open and locked while events in it are not yet in the database; deleted when the last of
 * them is committed after it was retired (closed for appends).
 */
final class JournalSegment {
  private static final System.Logger LOG = System.getLogger(SpendJournal.class.getName());

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  private int events;
  private int unwritten;
  private boolean retired;
  private boolean deleted;

  JournalSegment(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  Path path() {
    return path;
  }

  FileChannel channel() {
    return channel;
  }

  synchronized int events() {
    return events;
  }

  synchronized void appended(int count) {
    events += count;
  }

  synchronized void hold() {
    unwritten++;
  }

  synchronized void release() {
    unwritten--;
    deleteIfDone();
  }

  synchronized void retire() {
    retired = true;
    deleteIfDone();
  }

  private void deleteIfDone() {
    if (!retired || unwritten > 0 || deleted) {
      return;
    }
    deleted = true;
    try {
      lock.release();
      channel.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete the written spend journal " + path + ": " + e.getMessage());
    }
  }
}
