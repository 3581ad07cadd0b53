package dev.imagegate.gateway.images;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import dev.imagegate.gateway.models.ModelAccess;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Router;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /v1/images/generations} (also {@code /images/generations} and Azure's
 * {@code /openai/deployments/{model}/images/generations}): the gateway's request pipeline, one straight line of
 * blocking code. Nothing reaches a provider before the caller is authenticated and the request is fully validated.
 */
public final class ImagesEndpoint implements Routes.Endpoint {
  public static final String END_USER_HEADER = "x-imagegate-end-user";

  private final Authenticator auth;
  private final ModelAccess models;
  private final Router router;
  private final long maxBodyBytes;
  private final Supplier<String> callIds;

  public ImagesEndpoint(Authenticator auth, ModelAccess models, Router router, long maxBodyBytes) {
    this(auth, models, router, maxBodyBytes, () -> UUID.randomUUID().toString());
  }

  ImagesEndpoint(Authenticator auth, ModelAccess models, Router router, long maxBodyBytes,
                 Supplier<String> callIds) {
    this.auth = auth;
    this.models = models;
    this.router = router;
    this.maxBodyBytes = maxBodyBytes;
    this.callIds = callIds;
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    String callId = callIds.get();
    exchange.header("x-imagegate-call-id", callId);
    Caller caller = auth.authenticate(exchange);
    byte[] body = exchange.body(maxBodyBytes);
    ImagesCall call = ImagesRequestReader.read(body, exchange.pathParam("model"), models::clientParamsAllowed);
    ModelGroup group = models.require(call, caller);
    ImageRequest request = withEndUser(call.request(), exchange.requestHeader(END_USER_HEADER));
    ImageResponse response = router.generate(request.toBuilder().model(group.name()).build());
    respond(exchange, response);
  }

  /** The end user: the {@code x-imagegate-end-user} header (set by the caller's backend), else the body's user. */
  private static ImageRequest withEndUser(ImageRequest request, String headerUser) {
    if (headerUser == null || headerUser.isBlank()) {
      return request;
    }
    return request.toBuilder().endUser(headerUser.trim()).build();
  }

  private static void respond(Exchange exchange, ImageResponse response) throws java.io.IOException {
    ImageResponse.Route route = response.route();
    if (route.deploymentId() != null) {
      exchange.header("x-imagegate-model-id", route.deploymentId());
    }
    response.cost().usd().ifPresent(usd -> exchange.header("x-imagegate-response-cost", usd.toPlainString()));
    exchange.header("x-imagegate-attempted-retries", Integer.toString(Math.max(0,
        route.attempts() - 1 - route.fallbacksTried().size())));
    exchange.header("x-imagegate-attempted-fallbacks", Integer.toString(route.fallbacksTried().size()));
    exchange.stream(200, "application/json", response::writeOpenAiJson);
  }
}
