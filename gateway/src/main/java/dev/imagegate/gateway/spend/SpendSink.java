package dev.imagegate.gateway.spend;

import dev.imagegate.gateway.store.SpendEvent;

/** Where spend rows and budget resets go to be persisted. Implementations never throw. */
@FunctionalInterface
public interface SpendSink {
  /** Queues {@code event} without waiting; false when it was dropped (and counted) because the queue is full. */
  boolean submit(SpendEvent event);

  /**
   * Queues {@code event} and returns once it would survive the gateway process being killed: what a paid answer waits
   * for before it is sent. A sink with no durable medium (a plain queue, a test double) only queues.
   */
  default void submitDurably(SpendEvent event) {
    submit(event);
  }
}
