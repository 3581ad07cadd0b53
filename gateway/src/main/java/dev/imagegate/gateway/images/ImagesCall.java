package dev.imagegate.gateway.images;

import dev.imagegate.ImageRequest;
import dev.imagegate.gateway.http.MultipartForm;
import java.util.List;

/**
 * An images request as the gateway read it: the SDK request, plus what configures the gateway's own handling.
 *
 * @param modelGiven whether the client named a model (in the body or the path)
 * @param guardrails guardrails the client opted in to
 * @param uploads the form whose spooled files the request's images are read from, deleted by {@link #close()}; or
 *     null
 * @param stream whether (and with how many partial images) the answer is streamed as server-sent events
 */
public record ImagesCall(ImageRequest request, boolean modelGiven, List<String> guardrails, MultipartForm uploads,
                         StreamRequest stream) implements AutoCloseable {
  public ImagesCall {
    guardrails = List.copyOf(guardrails);
    stream = stream == null ? StreamRequest.NONE : stream;
  }

  public ImagesCall(ImageRequest request, boolean modelGiven, List<String> guardrails) {
    this(request, modelGiven, guardrails, null, StreamRequest.NONE);
  }

  /** This call reading its images from {@code form}. */
  ImagesCall withUploads(MultipartForm form) {
    return new ImagesCall(request, modelGiven, guardrails, form, stream);
  }

  /** Deletes the call's spooled uploads, if any: when the call ends, however it ends. */
  @Override
  public void close() {
    if (uploads != null) {
      uploads.close();
    }
  }
}
