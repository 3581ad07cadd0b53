package dev.imagegate.gateway.images;

import dev.imagegate.ImageRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An images request as the gateway read it: the SDK request, plus what configures the gateway's own handling.
 *
 * @param modelGiven whether the client named a model (in the body or the path)
 * @param guardrails guardrails the client opted in to
 * @param metadata the client's {@code metadata} object (tags are already in the request)
 */
public record ImagesCall(ImageRequest request, boolean modelGiven, List<String> guardrails,
                         Map<String, Object> metadata) {
  public ImagesCall {
    guardrails = List.copyOf(guardrails);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
