package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.Store;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * Makes a change another gateway made to a key, team, user or end user (block, delete, budget, models) take effect
 * here within about {@link #INTERVAL}: polls the database's {@link Store.ChangeStamp} (one small query) and, when it
 * moved, drops the cached entries so the next call reads them afresh. Only needed when gateways share a database.
 * A failed poll is retried at the next interval (the cache's own expiry still bounds staleness). Thread-safe.
 */
public final class ChangeWatch implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofMillis(500);
  private static final System.Logger LOG = System.getLogger(ChangeWatch.class.getName());

  private final Store store;
  private final KeyCache cache;
  private Store.ChangeStamp last;
  private volatile boolean closed;
  private final Thread thread;

  public ChangeWatch(Store store, KeyCache cache) {
    this.store = store;
    this.cache = cache;
    this.thread = Thread.ofVirtual().name("imagegate-change-watch").unstarted(this::run);
  }

  public ChangeWatch start() {
    thread.start();
    return this;
  }

  /** Compares the stamp with the last one and drops what changed; false when the database could not answer. */
  boolean poll() {
    Store.ChangeStamp now;
    try {
      now = store.changeStamp();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "change watch: the database did not answer: " + e.getMessage());
      return false;
    }
    if (last != null && !Objects.equals(now.accounts(), last.accounts())) {
      cache.invalidateAccounts();
    }
    if (last != null && !Objects.equals(now.endUsers(), last.endUsers())) {
      cache.invalidateEndUsers();
    }
    last = now;
    return true;
  }

  private void run() {
    while (!closed) {
      poll();
      try {
        Thread.sleep(INTERVAL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
