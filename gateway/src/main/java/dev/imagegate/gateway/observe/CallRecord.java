package dev.imagegate.gateway.observe;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.guardrail.GuardrailDecision;
import dev.imagegate.router.CallResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who made one call and what it asked for: the call id, the validated request, the caller's key, user and team, and
 * the guardrails' decisions. What the call did is its router {@link CallResult}; the events are built from the two.
 * Safe to use from several threads.
 */
public final class CallRecord {
  private final String callId;
  private final Instant startTime;
  private final ImageRequest request;
  private volatile List<GuardrailDecision> guardrails = List.of();
  private volatile String keyAlias;
  private volatile String user;
  private volatile String team;
  private volatile CallEvent.Stream stream;

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

  /** The call is answered as server-sent events, with {@code partialImages} partial images asked for. */
  public void streamed(int partialImages) {
    stream = new CallEvent.Stream(partialImages, 0, null, null);
  }

  /**
   * How the streamed answer went: the first event's time (null when none was written), the partial images sent and
   * whether the provider streamed (null when no image came).
   */
  public void streamEnded(Instant firstEvent, int partialImagesSent, Boolean upstreamStreamed) {
    CallEvent.Stream asked = stream;
    stream = new CallEvent.Stream(asked == null ? 0 : asked.partialImagesAsked(), partialImagesSent,
        upstreamStreamed, firstEvent == null ? null : Duration.between(startTime, firstEvent));
  }

  /** How the call was streamed, or null when it was answered with one JSON body. */
  public CallEvent.Stream stream() {
    return stream;
  }

  public void guardrails(List<GuardrailDecision> decisions) {
    this.guardrails = List.copyOf(decisions);
  }

  /** The guardrails' decisions about this call's prompt, in the order they ran (empty before screening). */
  public List<GuardrailDecision> guardrails() {
    return guardrails;
  }

  CallEvent startEvent() {
    return event(CallEvent.Kind.START, startTime, null, null, null, null, null, null);
  }

  /** The call's end as the router's result says: a success, or a failure with its status. */
  CallEvent finishedEvent(CallResult result, Instant now) {
    if (!result.succeeded()) {
      return failureEvent(result.failure(), result, now);
    }
    ImageResponse response = result.response();
    List<Long> images = response.data().stream().map(CallRecord::decodedBytes).toList();
    return new CallEvent(CallEvent.Kind.SUCCESS, callId, now, startTime, modelGroup(), result.deploymentId(),
        result.provider(), response.model(), keyAlias, user, team, request.endUser(), request.count(), size(),
        request.quality(), response.cost().usd().orElse(null),
        response.cost().source().name().toLowerCase(java.util.Locale.ROOT), response.usage(), images,
        Duration.between(startTime, now), result.retries(), result.fallbacksTried(), attempts(result), 200, null,
        null, guardrails, request.tags(), stream, request.operation().callType());
  }

  /**
   * A failure, after the router call ({@code result}) or before any (null). Its cost is what the failed call was
   * billed: nothing, unless a streamed call failed after it began (its partial images).
   */
  CallEvent failureEvent(Throwable error, CallResult result, Instant now) {
    CallResult.Attempt last = result == null || result.attempts().isEmpty() ? null : result.attempts().getLast();
    Cost billed = result == null ? Cost.unpriced("failed") : result.cost();
    return new CallEvent(CallEvent.Kind.FAILURE, callId, now, startTime, modelGroup(),
        last == null ? null : last.deploymentId(), last == null ? null : last.provider(),
        last == null ? null : last.model(), keyAlias, user, team, request.endUser(), request.count(), size(),
        request.quality(), billed.usd().orElse(null),
        billed.priced() ? billed.source().name().toLowerCase(java.util.Locale.ROOT) : "unpriced", null, List.of(),
        Duration.between(startTime, now),
        result == null ? 0 : result.retries(), result == null ? List.of() : result.fallbacksTried(),
        result == null ? List.of() : attempts(result), status(error), errorType(error), message(error), guardrails,
        request.tags(), stream, request.operation().callType());
  }

  private CallEvent event(CallEvent.Kind kind, Instant now, String deployment, String model, Integer status,
                          String errorType, String errorMessage, List<CallEvent.Attempt> tried) {
    return new CallEvent(kind, callId, now, startTime, modelGroup(), deployment, null, model, keyAlias,
        user, team, request.endUser(), request.count(), size(), request.quality(), null, null, null, List.of(),
        Duration.between(startTime, now), 0, List.of(), tried, status, errorType, errorMessage, guardrails,
        request.tags(), stream, request.operation().callType());
  }

  private static List<CallEvent.Attempt> attempts(CallResult result) {
    return result.attempts().stream().map(a -> new CallEvent.Attempt(a.number(), a.group(), a.deploymentId(),
        a.model(), a.start(), a.latency(), a.error() == null ? null : errorType(a.error()))).toList();
  }

  private String size() {
    return request.size() == null ? null : request.size().wire();
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
