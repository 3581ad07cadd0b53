package dev.imagegate.provider;

import dev.imagegate.ImageEvent;

/**
 * Where a provider that streams natively puts the partial images it receives, as they arrive; the router checks each
 * and passes it on to the caller.
 */
public interface PartialImages {
  /** How many partial images the caller asked for (0 to 3): what the provider asks upstream for. */
  int wanted();

  /**
   * Passes one partial image on. Throws {@link dev.imagegate.error.Cancelled} when the caller has gone away: the
   * provider lets it propagate, which closes the upstream answer (abandoning the call), or an
   * {@link dev.imagegate.error.UpstreamProtocol} when the partial is not an image.
   */
  void accept(ImageEvent.PartialImage partial);
}
