package dev.imagegate.gateway.images;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.budget.Admission;
import dev.imagegate.gateway.budget.CallEstimate;
import dev.imagegate.gateway.budget.CallOutcome;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.budget.Permit;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import dev.imagegate.gateway.models.GroupAccess;
import dev.imagegate.gateway.observe.CallObserver;
import dev.imagegate.gateway.observe.CallRecord;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.SpendRow;
import dev.imagegate.guardrail.GuardrailDecision;
import dev.imagegate.guardrail.Guardrails;
import dev.imagegate.guardrail.Screening;
import dev.imagegate.provider.Json;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Router;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/images/generations} (also {@code /images/generations} and Azure's
 * {@code /openai/deployments/{model}/images/generations}): the gateway's request pipeline, one straight line of
 * blocking code. Nothing reaches a provider before the caller is authenticated, the request fully validated, the
 * caller's limits and budgets checked and the guardrails passed. A validated call is observed once when it starts and
 * once when it ends; an admitted call leaves exactly one spend row, success or failure, durable before a paid answer
 * is sent; a paid answer that could not be sent marks its row {@code undelivered}.
 */
public final class ImagesEndpoint implements Routes.Endpoint {
  public static final String END_USER_HEADER = "x-imagegate-end-user";

  private final Authenticator auth;
  private final GroupAccess groups;
  private final Router router;
  private final Enforcement enforcement;
  private final Guardrails guardrails;
  private final CallObserver observer;
  private final Clock clock;
  private final CallIds callIds;
  private final long maxBodyBytes;

  public ImagesEndpoint(Authenticator auth, GroupAccess groups, Router router, Enforcement enforcement,
                        Guardrails guardrails, CallObserver observer, Clock clock, long maxBodyBytes) {
    this.auth = auth;
    this.groups = groups;
    this.router = router;
    this.enforcement = enforcement;
    this.guardrails = guardrails;
    this.observer = observer;
    this.clock = clock;
    this.callIds = new CallIds(clock);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    String callId = callIds.next();
    exchange.header("x-imagegate-call-id", callId);
    Caller caller = auth.authenticate(exchange);
    exchange.note("key", keyLabel(caller));
    ImagesCall call = ImagesRequestReader.read(exchange.body(maxBodyBytes), exchange.pathParam("model"),
        groups::clientParamsAllowed);
    ModelGroup group = groups.require(call, caller);
    exchange.note("model_group", group.name());
    ImageRequest request = withEndUser(call.request(), exchange.requestHeader(END_USER_HEADER))
        .toBuilder().model(group.name()).build();
    router.validate(request);
    List<String> checks = guardrails.select(call.guardrails(), keyGuardrails(caller));
    Cost estimate = CallEstimate.of(router, request);
    CallRecord record = observer.started(callId, request);
    KeyRecord key = caller.key() == null ? null : caller.key().key();
    record.caller(key == null ? null : key.keyAlias(), key == null ? null : key.userId(),
        key == null ? null : key.teamId());
    ImageResponse response;
    Permit paid;
    try (Permit permit = enforcement.admit(admission(caller, request, group, estimate))) {
      response = generate(exchange, record, request, checks, permit);
      paid = permit;
      observer.succeeded(record, response);
    } catch (RuntimeException e) {
      observer.failed(record, e);
      throw e;
    }
    try {
      respond(exchange, response);
    } catch (IOException | RuntimeException e) {
      paid.undelivered(callId);
      throw e;
    }
  }

  /**
   * The call's paid part: the guardrails on the prompt, then the router with the screened prompt; the outcome is
   * recorded on the permit (the spend row and the budget charge) whatever happens.
   */
  private ImageResponse generate(Exchange exchange, CallRecord record, ImageRequest request, List<String> checks,
                                 Permit permit) {
    Instant start = clock.instant();
    CallTrace trace = new CallTrace();
    try {
      Screening screening = guardrails.screen(request.prompt(), checks);
      record.guardrails(screening.decisions());
      ImageResponse response = router.generate(screening.applyTo(request), trace);
      permit.complete(outcome(record, request, trace, response.cost(), response, null, start));
      return response;
    } catch (ImageGateException e) {
      permit.complete(outcome(record, request, trace, Cost.unpriced("failed"), null, e, start));
      failureHeaders(exchange, trace);
      throw e;
    }
  }

  /** A failed call's error answer carries the same route headers as a success. */
  private static void failureHeaders(Exchange exchange, CallTrace trace) {
    if (trace.deploymentId() != null) {
      exchange.header("x-imagegate-model-id", trace.deploymentId());
    }
    exchange.header("x-imagegate-attempted-retries", Integer.toString(trace.retries()));
    exchange.header("x-imagegate-attempted-fallbacks", Integer.toString(trace.fallbacks()));
    exchange.note("attempts", trace.attempts());
  }

  /** The key for the access log: its alias, else the first 8 hex digits of its hash; "master" or "open". */
  private static String keyLabel(Caller caller) {
    return switch (caller.kind()) {
      case OPEN -> "open";
      case MASTER -> "master";
      case VIRTUAL -> caller.key().key().keyAlias() != null ? caller.key().key().keyAlias()
          : caller.keyHash().substring(0, 8);
    };
  }

  private CallOutcome outcome(CallRecord record, ImageRequest request, CallTrace trace, Cost cost,
                              ImageResponse response, ImageGateException failure, Instant start) {
    long latency = Duration.between(start, clock.instant()).toMillis();
    List<GuardrailDecision> decisions = record.guardrails();
    return new CallOutcome(record.callId(), trace.deploymentId(), trace.provider(), request.count(),
        request.size() == null ? null : request.size().wire(), request.quality(), cost,
        response == null ? null : response.usage(), latency,
        failure == null ? SpendRow.Status.SUCCESS : SpendRow.Status.FAILURE,
        failure == null ? null : failure.getClass().getSimpleName(), trace.retries(), trace.fallbacks(),
        request.prompt(), decisions.isEmpty() ? null : Json.writeString(decisions));
  }

  private static List<String> keyGuardrails(Caller caller) {
    return caller.key() == null ? List.of() : caller.key().key().guardrails();
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
    if (response.deprecation() != null) {
      exchange.header("x-imagegate-deprecation", response.deprecation());
    }
    exchange.header("x-imagegate-attempted-retries", Integer.toString(Math.max(0,
        route.attempts() - 1 - route.fallbacksTried().size())));
    exchange.header("x-imagegate-attempted-fallbacks", Integer.toString(route.fallbacksTried().size()));
    exchange.note("attempts", route.attempts());
    exchange.stream(200, "application/json", response::writeOpenAiJson);
  }
}
