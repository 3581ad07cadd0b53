package dev.imagegate.gateway.images;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.budget.Admission;
import dev.imagegate.gateway.budget.CallOutcome;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.budget.Permit;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import dev.imagegate.gateway.models.GroupAccess;
import dev.imagegate.gateway.store.SpendRow;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Router;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /v1/images/generations} (also {@code /images/generations} and Azure's
 * {@code /openai/deployments/{model}/images/generations}): the gateway's request pipeline, one straight line of
 * blocking code. Nothing reaches a provider before the caller is authenticated, the request fully validated and the
 * caller's limits and budgets checked; every admitted call leaves exactly one spend row, success or failure.
 */
public final class ImagesEndpoint implements Routes.Endpoint {
  public static final String END_USER_HEADER = "x-imagegate-end-user";

  private final Authenticator auth;
  private final GroupAccess groups;
  private final Router router;
  private final Enforcement enforcement;
  private final Clock clock;
  private final long maxBodyBytes;

  public ImagesEndpoint(Authenticator auth, GroupAccess groups, Router router, Enforcement enforcement, Clock clock,
                        long maxBodyBytes) {
    this.auth = auth;
    this.groups = groups;
    this.router = router;
    this.enforcement = enforcement;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    String callId = UUID.randomUUID().toString();
    exchange.header("x-imagegate-call-id", callId);
    Caller caller = auth.authenticate(exchange);
    ImagesCall call = ImagesRequestReader.read(exchange.body(maxBodyBytes), exchange.pathParam("model"),
        groups::clientParamsAllowed);
    ModelGroup group = groups.require(call, caller);
    ImageRequest request = withEndUser(call.request(), exchange.requestHeader(END_USER_HEADER))
        .toBuilder().model(group.name()).build();
    router.validate(request);
    Cost estimate = router.estimate(request);
    try (Permit permit = enforcement.admit(admission(caller, request, group, estimate))) {
      ImageResponse response = generate(callId, request, permit);
      respond(exchange, response);
    }
  }

  /** Calls the router and records the call's outcome on the permit (its spend row and budget charge). */
  private ImageResponse generate(String callId, ImageRequest request, Permit permit) {
    Instant start = clock.instant();
    CallTrace trace = new CallTrace();
    try {
      ImageResponse response = router.generate(request, trace);
      permit.complete(outcome(callId, request, trace, response.cost(), response, null, start));
      return response;
    } catch (ImageGateException e) {
      permit.complete(outcome(callId, request, trace, Cost.unpriced("failed: " + e.type()), null, e, start));
      throw e;
    }
  }

  private CallOutcome outcome(String callId, ImageRequest request, CallTrace trace, Cost cost, ImageResponse response,
                              ImageGateException failure, Instant start) {
    long latency = Duration.between(start, clock.instant()).toMillis();
    return new CallOutcome(callId, trace.deploymentId(), trace.provider(), request.count(),
        request.size() == null ? null : request.size().wire(), request.quality(), cost,
        response == null ? null : response.usage(), latency,
        failure == null ? SpendRow.Status.SUCCESS : SpendRow.Status.FAILURE,
        failure == null ? null : failure.getClass().getSimpleName(),
        trace.retries(), trace.fallbacks(), request.prompt(), null);
  }

  private static Admission admission(Caller caller, ImageRequest request, ModelGroup group, Cost estimate) {
    return caller.key() != null
        ? Admission.forKey(caller.key(), request.endUser(), group.name(), estimate)
        : Admission.forMaster(caller.keyHash(), request.endUser(), group.name(), estimate);
  }

  /** The end user: the {@code x-imagegate-end-user} header (set by the caller's backend), else the body's user. */
  private static ImageRequest withEndUser(ImageRequest request, String headerUser) {
    if (headerUser == null || headerUser.isBlank()) {
      return request;
    }
    return request.toBuilder().endUser(headerUser.trim()).build();
  }

  private static void respond(Exchange exchange, ImageResponse response) throws IOException {
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
