package dev.imagegate.gateway.observe;

import dev.imagegate.ImageRequest;
import dev.imagegate.router.CallResult;
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
    public void finished(CallRecord call, CallResult result) {
    }

    @Override
    public void failed(CallRecord call, Throwable error) {
    }
  };

  /**
   * A call begins (authenticated and validated).
   *
   * @param request the validated request; its model is the model group
   */
  CallRecord started(String callId, ImageRequest request);

  /** The call ended as {@code result} says (served, or failed with its attempts). */
  void finished(CallRecord call, CallResult result);

  /** The call ended with {@code error} outside the router (e.g. its budget refused it); no attempt was made. */
  void failed(CallRecord call, Throwable error);
}
