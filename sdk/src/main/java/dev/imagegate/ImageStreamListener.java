package dev.imagegate;

/**
 * Receives the events of a streamed call, in order, on the calling thread. Events reach the listener only from the
 * attempt that serves the call: once the first one is delivered the call is no longer retried or fallen back. A
 * listener that throws cancels the call (the upstream request is abandoned and the call fails with
 * {@link dev.imagegate.error.Cancelled}); that is how a gateway whose client went away stops paying for the rest.
 */
@FunctionalInterface
public interface ImageStreamListener {
  void onEvent(ImageEvent event);
}
