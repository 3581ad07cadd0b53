package dev.imagegate.provider;

import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.catalog.Catalog;
import java.util.Optional;

/**
 * One upstream API. Implementations are stateless and thread-safe, take everything per call from the
 * {@link ProviderCall}, and never retry (retries belong to the router).
 */
public interface Provider {
  /** The prefix users write in model strings, e.g. {@code vertex_ai}. */
  String name();

  /** What {@code call.model()} accepts here (may depend on settings such as the api base). */
  Capabilities capabilities(ProviderCall call);

  /**
   * Generates images for a request already checked against {@link #capabilities}. Returns the provider's answer
   * mapped to the OpenAI shape (latency, cost and route are filled in by the caller); throws an
   * {@code ImageGateException} for every failure.
   */
  ImageResponse generate(ProviderCall call);

  /**
   * Edits the request's input images (under its mask, if any), for a request already checked against
   * {@link #capabilities}. Providers that cannot edit keep this default, which refuses before sending.
   */
  default ImageResponse edit(ProviderCall call) {
    throw unsupported(call, Operation.EDIT);
  }

  /** Varies the request's input image; the default refuses before sending, like {@link #edit}. */
  default ImageResponse vary(ProviderCall call) {
    throw unsupported(call, Operation.VARIATION);
  }

  /** Runs the request's operation: {@link #generate}, {@link #edit} or {@link #vary}. */
  default ImageResponse perform(ProviderCall call) {
    return switch (call.request().operation()) {
      case GENERATE -> generate(call);
      case EDIT -> edit(call);
      case VARIATION -> vary(call);
    };
  }

  /**
   * Whether this call's model streams partial images itself (OpenAI's {@code stream: true}); then
   * {@link #performStreaming} is overridden to stream. The default, false, serves streamed calls with the ordinary
   * call (completed images, no partials).
   */
  default boolean streams(ProviderCall call) {
    return false;
  }

  /**
   * Runs the request's operation streaming: each partial image goes to {@code partials} as it arrives, and the whole
   * answer is returned as {@link #perform} returns it (usage read from the stream's completed events). Providers that
   * cannot stream keep this default: the ordinary call, without partials.
   */
  default ImageResponse performStreaming(ProviderCall call, PartialImages partials) {
    return perform(call);
  }

  /** The refusal of an operation this provider does not implement: a {@link BadRequest} naming model and operation. */
  static BadRequest unsupported(ProviderCall call, Operation operation) {
    return new BadRequest(call.ref().qualified() + " does not support " + operation.wire() + ": the " + call.provider()
        + " provider has no " + operation.wire() + " API", "model", call.details());
  }

  /**
   * The model whose prices apply to this call. Usually the called model itself; providers whose model names are
   * arbitrary (Azure deployments) name the underlying model here, e.g. from a {@code base_model} setting.
   */
  default ModelRef pricedAs(ProviderCall call) {
    return call.ref();
  }

  /**
   * The catalogue entry describing this call's model (its lifecycle, for one). Usually the called model's; providers
   * whose model names are arbitrary (Azure deployments, Bedrock ARNs) name the underlying model's.
   */
  default Optional<Catalog.Found> describedBy(ProviderCall call) {
    return call.entry();
  }
}
