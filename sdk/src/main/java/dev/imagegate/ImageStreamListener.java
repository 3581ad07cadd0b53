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

  /**
   * A listener that takes partial images piecewise, their base64 passed on as it arrives instead of whole (a gateway
   * relaying a stream: it holds no partial image, and its client sees each byte as soon as the gateway does). Only
   * partial images of providers that stream natively arrive this way; completed images, and partials whose event
   * type shows only after their image, still come whole through {@link #onEvent}.
   */
  interface Piecewise extends ImageStreamListener {
    /** A partial image of {@code operation} begins: its pieces go to the writer returned. Throwing cancels. */
    PartialImageWriter partialImage(Operation operation);
  }
}
