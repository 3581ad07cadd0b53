package dev.imagegate.gateway.images;

import dev.imagegate.ImageRequest;
import dev.imagegate.gateway.http.MultipartForm;
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
 * @param uploads the form whose spooled files the request's images are read from, deleted by {@link #close()}; or
 *     null
 */
public record ImagesCall(ImageRequest request, boolean modelGiven, List<String> guardrails,
                         Map<String, Object> metadata, MultipartForm uploads) implements AutoCloseable {
  public ImagesCall {
    guardrails = List.copyOf(guardrails);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public ImagesCall(ImageRequest request, boolean modelGiven, List<String> guardrails, Map<String, Object> metadata) {
    this(request, modelGiven, guardrails, metadata, null);
  }

  /** This call reading its images from {@code form}. */
  ImagesCall withUploads(MultipartForm form) {
    return new ImagesCall(request, modelGiven, guardrails, metadata, form);
  }

  /** Deletes the call's spooled uploads, if any: when the call ends, however it ends. */
  @Override
  public void close() {
    if (uploads != null) {
      uploads.close();
    }
  }
}
