package dev.imagegate.gateway.spend;

import dev.imagegate.gateway.store.SpendEvent;

/** Where spend rows and budget resets go to be persisted. Implementations never block and never throw. */
@FunctionalInterface
public interface SpendSink {
  /** Queues {@code event}; false when it was dropped (and counted) because the queue is full. */
  boolean submit(SpendEvent event);
}
