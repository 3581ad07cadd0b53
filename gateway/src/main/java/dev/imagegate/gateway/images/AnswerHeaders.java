package dev.imagegate.gateway.images;

import dev.imagegate.ImageResponse;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.router.CallResult;

/** The {@code x-imagegate-*} headers an images answer carries, from the call's result. */
final class AnswerHeaders {
  /**
   * Sent as {@code 0} (with {@code -reason}) on a streamed answer that asked for partial images from a model that
   * cannot stream: only the completed images come.
   */
  static final String PARTIAL_IMAGES = "x-imagegate-partial-images";

  private AnswerHeaders() {
  }

  /**
   * The route headers, on a success and on a failure's error answer alike (a stream begun before they were known has
   * them only in the access log).
   */
  static void route(Exchange exchange, CallResult result) {
    if (result.deploymentId() != null) {
      exchange.header("x-imagegate-model-id", result.deploymentId());
    }
    exchange.header("x-imagegate-attempted-retries", Integer.toString(result.retries()));
    exchange.header("x-imagegate-attempted-fallbacks", Integer.toString(result.fallbacksTried().size()));
    exchange.note("attempts", result.attempts().size());
  }

  /** The answer's cost and deprecation headers. */
  static void answer(Exchange exchange, ImageResponse response) {
    response.cost().usd().ifPresent(usd -> exchange.header("x-imagegate-response-cost", usd.toPlainString()));
    if (response.deprecation() != null) {
      exchange.header("x-imagegate-deprecation", response.deprecation());
    }
  }

  /** That the partial images asked for will not come: the model that served the call cannot stream them. */
  static void noPartialImages(Exchange exchange, CallResult result) {
    exchange.header(PARTIAL_IMAGES, "0");
    exchange.header(PARTIAL_IMAGES + "-reason", "model '" + result.attempts().getLast().model()
        + "' does not stream partial images: the completed image(s) only");
  }
}
