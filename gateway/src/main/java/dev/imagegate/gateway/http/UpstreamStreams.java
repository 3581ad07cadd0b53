package dev.imagegate.gateway.http;

/**
 * Aborts the upstream answers a thread is reading as they arrive ({@link dev.imagegate.provider.HttpTransport#stream}):
 * how a streamed call whose client went away while the upstream was quiet stops the upstream call, since nothing is
 * delivered (and so nothing fails) on its own thread until the upstream sends again.
 */
@FunctionalInterface
public interface UpstreamStreams {
  /** Aborts nothing: for transports that cannot stream. */
  UpstreamStreams NONE = reader -> false;

  /**
   * Aborts every streamed answer {@code reader} has open: its blocked read fails with an {@link java.io.IOException}.
   *
   * @return whether there was one to abort
   */
  boolean abort(Thread reader);
}
