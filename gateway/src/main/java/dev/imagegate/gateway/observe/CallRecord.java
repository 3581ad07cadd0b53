package dev.imagegate.gateway.observe;

import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.guardrail.GuardrailDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What is known about one call while it runs: who made it, the request's parameters, the guardrails' decisions and
 * the router's attempts. The pipeline and the router listener fill it; the spend log reads it (e.g.
 * {@link #guardrails()}) and its events are snapshots of it. Safe to use from several threads.
 */
public final class CallRecord {
  private final String callId;
  private final Instant startTime;
  private final ImageRequest request;
  private final List<CallEvent.Attempt> attempts = new ArrayList<>();
  private final List<String> fallbacks = new ArrayList<>();
  private volatile List<GuardrailDecision> guardrails = List.of();
  private volatile String keyAlias;
  private volatile String user;
  private volatile String team;

  /** @param request the validated request; its model is the model group */
  public CallRecord(String callId, Instant startTime, ImageRequest request) {
    this.callId = Objects.requireNonNull(callId, "callId");
    this.startTime = Objects.requireNonNull(startTime, "startTime");
    this.request = Objects.requireNonNull(request, "request");
  }

  public String callId() {
    return callId;
  }

  public Instant startTime() {
    return startTime;
  }

  public String modelGroup() {
    return request.model();
  }

  /** Who the call is billed to, as far as the caller's key says (each may be null). */
  public void caller(String keyAlias, String user, String team) {
    this.keyAlias = keyAlias;
    this.user = user;
    this.team = team;
  }

  public void guardrails(List<GuardrailDecision> decisions) {
    this.guardrails = List.copyOf(decisions);
  }

  /** The guardrails' decisions about this call's prompt, in the order they ran (empty before screening). */
  public List<GuardrailDecision> guardrails() {
    return guardrails;
  }

  synchronized void attempt(CallEvent.Attempt attempt) {
    attempts.add(attempt);
  }

  synchronized void fellBack(String toGroup) {
    fallbacks.add(toGroup);
  }

  synchronized List<CallEvent.Attempt> attempts() {
    return List.copyOf(attempts);
  }

  CallEvent startEvent() {
    return event(CallEvent.Kind.START, startTime, null, null, null, null, null, null);
  }

  CallEvent successEvent(ImageResponse response, Instant now) {
    List<Long> images = response.data().stream().map(CallRecord::decodedBytes).toList();
    return new CallEvent(CallEvent.Kind.SUCCESS, callId, now, startTime, modelGroup(),
        response.route().deploymentId(), response.provider(), response.model(), keyAlias, user, team,
        request.endUser(), request.count(), size(), request.quality(), response.cost().usd().orElse(null),
        response.cost().source().name().toLowerCase(java.util.Locale.ROOT), response.usage(), images,
        Duration.between(startTime, now), retries(), fallbacksSoFar(), attempts(), 200, null, null, guardrails,
        request.tags());
  }

  CallEvent failureEvent(Throwable error, Instant now) {
    List<CallEvent.Attempt> tried = attempts();
    CallEvent.Attempt last = tried.isEmpty() ? null : tried.get(tried.size() - 1);
    return event(CallEvent.Kind.FAILURE, now, last == null ? null : last.deployment(),
        last == null ? null : last.model(), status(error), errorType(error), message(error), tried);
  }

  private CallEvent event(CallEvent.Kind kind, Instant now, String deployment, String model, Integer status,
                          String errorType, String errorMessage, List<CallEvent.Attempt> tried) {
    return new CallEvent(kind, callId, now, startTime, modelGroup(), deployment, provider(model), model, keyAlias,
        user, team, request.endUser(), request.count(), size(), request.quality(), null,
        kind == CallEvent.Kind.START ? null : "unpriced", null, List.of(), Duration.between(startTime, now),
        retries(), fallbacksSoFar(), tried, status, errorType, errorMessage, guardrails, request.tags());
  }

  /** Attempts beyond the first of each group tried. */
  private synchronized int retries() {
    return Math.max(0, attempts.size() - 1 - fallbacks.size());
  }

  private synchronized List<String> fallbacksSoFar() {
    return List.copyOf(fallbacks);
  }

  private String size() {
    return request.size() == null ? null : request.size().wire();
  }

  private static String provider(String model) {
    if (model == null) {
      return null;
    }
    int slash = model.indexOf('/');
    return slash > 0 ? model.substring(0, slash) : null;
  }

  /** The decoded size of a base64 image, from its length (within the two bytes padding may take); null for a URL. */
  private static Long decodedBytes(ImageData image) {
    return image.isUrl() ? null : (long) image.base64Length() * 3 / 4;
  }

  static int status(Throwable error) {
    return switch (error) {
      case ImageGateException e -> e.status();
      default -> 500;
    };
  }

  static String errorType(Throwable error) {
    return switch (error) {
      case ImageGateException e -> e.code() != null ? e.code() : e.type();
      default -> "internal_server_error";
    };
  }

  private static String message(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
  }
}
