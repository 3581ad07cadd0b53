package dev.imagegate.gateway.images;

import dev.imagegate.ImageRequest;
import java.util.List;

/**
 * An images request as the gateway read it: the SDK request, plus what configures the gateway's own handling.
 *
 * @param modelGiven whether the client named a model (in the body or the path)
 * @param guardrails guardrails the client opted in to
 */
public record ImagesCall(ImageRequest request, boolean modelGiven, List<String> guardrails) {
  public ImagesCall {
    guardrails = List.copyOf(guardrails);
  }
}
