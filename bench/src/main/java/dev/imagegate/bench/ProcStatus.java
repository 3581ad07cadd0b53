package dev.imagegate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Linux process seen through {@code /proc/<pid>}: resident memory (now and peak) and CPU time. */
record ProcStatus(long pid) {

  /** Whether the process is still running. */
  boolean alive() {
    return Files.exists(Path.of("/proc", Long.toString(pid)));
  }

  /** Current resident set size, kB ({@code VmRSS}). */
  long rssKb() {
    return statusKb("VmRSS:");
  }

  /** Peak resident set size since start or the last {@link #resetPeak()}, kB ({@code VmHWM}). */
  long peakRssKb() {
    return statusKb("VmHWM:");
  }

  /** Resets {@code VmHWM} to the current RSS (writes 5 to {@code clear_refs}; needs to own the process or root). */
  boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Open file descriptors now (entries of {@code /proc/<pid>/fd}). */
  int openFiles() {
    try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return (int) entries.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** User plus system CPU time, in clock ticks (usually 1/100 s). */
  long cpuTicks() {
    String stat = read("stat");
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private long statusKb(String key) {
    for (String line : read("status").split("\n")) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(key + " not in /proc/" + pid + "/status");
  }

  private String read(String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
