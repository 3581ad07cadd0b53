package dev.imagegate.gateway.images;

import dev.imagegate.error.BadRequest;

/**
 * Whether the client asked for OpenAI's server-sent events ({@code stream: true}) and how many partial images
 * ({@code partial_images}, 0 to 3). These configure how the gateway answers; they are never forwarded to a provider
 * as extras (a provider that streams is asked by the SDK itself).
 *
 * @param on {@code stream: true}
 * @param partialImages the partial images asked for; ignored unless {@code on} (OpenAI documents the field for
 *     streamed answers only, and answers a plain request without it)
 */
public record StreamRequest(boolean on, int partialImages) {
  /** The most partial images OpenAI allows. */
  public static final int MAX_PARTIAL_IMAGES = 3;

  /** A plain (not streamed) request. */
  public static final StreamRequest NONE = new StreamRequest(false, 0);

  public StreamRequest {
    if (partialImages < 0 || partialImages > MAX_PARTIAL_IMAGES) {
      throw new BadRequest("Invalid partial_images " + partialImages + ": expected an integer from 0 to "
          + MAX_PARTIAL_IMAGES, "partial_images");
    }
  }
}
