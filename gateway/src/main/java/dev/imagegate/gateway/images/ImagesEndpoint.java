package dev.imagegate.gateway.images;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import dev.imagegate.gateway.models.ModelAccess;
import dev.imagegate.gateway.observe.CallObserver;
import dev.imagegate.gateway.observe.CallRecord;
import dev.imagegate.guardrail.Guardrails;
import dev.imagegate.guardrail.Screening;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Router;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /v1/images/generations} (also {@code /images/generations} and Azure's
 * {@code /openai/deployments/{model}/images/generations}): the gateway's request pipeline, one straight line of
 * blocking code. Nothing reaches a provider before the caller is authenticated and the request is fully validated;
 * the guardrails then check the prompt. A validated call is observed once when it starts and once when it ends.
 */
public final class ImagesEndpoint implements Routes.Endpoint {
  public static final String END_USER_HEADER = "x-imagegate-end-user";
  /** The guardrails the caller's API key carries: none until keys carry guardrails. */
  private static final List<String> KEY_GUARDRAILS = List.of();

  private final Authenticator auth;
  private final ModelAccess models;
  private final Router router;
  private final Guardrails guardrails;
  private final CallObserver observer;
  private final long maxBodyBytes;
  private final Supplier<String> callIds;

  public ImagesEndpoint(Authenticator auth, ModelAccess models, Router router, Guardrails guardrails,
                        CallObserver observer, long maxBodyBytes) {
    this(auth, models, router, guardrails, observer, maxBodyBytes, () -> UUID.randomUUID().toString());
  }

  ImagesEndpoint(Authenticator auth, ModelAccess models, Router router, Guardrails guardrails,
                 CallObserver observer, long maxBodyBytes, Supplier<String> callIds) {
    this.auth = auth;
    this.models = models;
    this.router = router;
    this.guardrails = guardrails;
    this.observer = observer;
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
    ImageRequest request = withEndUser(call.request(), exchange.requestHeader(END_USER_HEADER)).toBuilder()
        .model(group.name()).build();
    List<String> checks = guardrails.select(call.guardrails(), KEY_GUARDRAILS);
    CallRecord record = observer.started(callId, request);
    ImageResponse response = generate(record, request, checks);
    respond(exchange, response);
  }

  /** The call's paid part, observed: the guardrails on the prompt, then the router with the screened prompt. */
  private ImageResponse generate(CallRecord record, ImageRequest request, List<String> checks) {
    try {
      Screening screening = guardrails.screen(request.prompt(), checks);
      record.guardrails(screening.decisions());
      ImageResponse response = router.generate(screening.applyTo(request));
      observer.succeeded(record, response);
      return response;
    } catch (RuntimeException e) {
      observer.failed(record, e);
      throw e;
    }
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
