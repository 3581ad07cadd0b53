package dev.imagegate.gateway.store;

import java.time.Duration;

/**
 * How the store talks to its database.
 *
 * @param poolSize most connections held to PostgreSQL (SQLite uses a small fixed pool: one writer at a time anyway)
 * @param connectionTimeout how long to wait for a connection before an operation fails
 * @param busyTimeout how long a SQLite write waits for the file lock held by another connection or process
 */
public record StoreOptions(int poolSize, Duration connectionTimeout, Duration busyTimeout) {
  public static final StoreOptions DEFAULTS = new StoreOptions(10, Duration.ofSeconds(5), Duration.ofSeconds(5));

  public StoreOptions {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1");
    }
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectionTimeout must be at least 250ms (HikariCP's minimum)");
    }
    if (busyTimeout.isNegative()) {
      throw new IllegalArgumentException("busyTimeout must not be negative");
    }
  }
}
