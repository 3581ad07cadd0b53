package dev.imagegate.gateway.spend;

import dev.imagegate.gateway.store.SpendEvent;
import java.util.List;

/** Persists one batch of spend events atomically ({@code SpendTable::write}); throws when the database fails. */
@FunctionalInterface
public interface BatchWriter {
  /** Returns how many rows were new. */
  int write(List<SpendEvent> batch);
}
