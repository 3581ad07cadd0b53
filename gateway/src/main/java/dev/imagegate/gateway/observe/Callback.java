package dev.imagegate.gateway.observe;

import java.util.List;

/**
 * Receives call events ({@link CallEvent}): a logging sink. Each callback runs on its own thread, fed from its own
 * bounded queue, so a slow or failing callback never slows or fails a request; when its queue is full, new events
 * for it are dropped and counted ({@code imagegate_callback_dropped_events_total}).
 *
 * <p>Custom callbacks are named in {@code litellm_settings.callbacks} by their class,
 * {@code callbacks: ["com.example.AuditLog"]}: a public class with a public constructor taking its
 * {@code callback_settings} entry as a {@code Map<String, Object>}, or a public no-argument constructor.
 */
public interface Callback extends AutoCloseable {
  /**
   * Handles {@code events}, in the order they happened: usually one, more when events queued up while the previous
   * batch was handled. Called from one thread at a time. A thrown exception is counted and the events are dropped.
   */
  void handle(List<CallEvent> events) throws Exception;

  /** Flushes and releases what the callback holds; called once, at shutdown, after the last {@link #handle}. */
  @Override
  default void close() throws Exception {
  }
}
