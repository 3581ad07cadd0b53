package dev.imagegate.gateway.observe;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import java.time.Instant;

/**
 * How the images pipeline reports a call: once when it starts (authenticated and validated), once when it ends,
 * success or failure. Implementations must be fast and must not throw: logging happens off the request thread.
 */
public interface CallObserver {
  /** Observes nothing (the record still collects what the pipeline puts in it). */
  CallObserver NONE = new CallObserver() {
    @Override
    public CallRecord started(String callId, ImageRequest request) {
      return new CallRecord(callId, Instant.now(), request);
    }

    @Override
    public void succeeded(CallRecord call, ImageResponse response) {
    }

    @Override
    public void failed(CallRecord call, Throwable error) {
    }
  };

  /**
   * A call begins, on the thread that will serve it; the router's attempts made on this thread until
   * {@link #succeeded} or {@link #failed} belong to it.
   *
   * @param request the validated request; its model is the model group
   */
  CallRecord started(String callId, ImageRequest request);

  void succeeded(CallRecord call, ImageResponse response);

  void failed(CallRecord call, Throwable error);
}
