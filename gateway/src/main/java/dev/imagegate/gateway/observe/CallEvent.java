package dev.imagegate.gateway.observe;

import dev.imagegate.Usage;
import dev.imagegate.guardrail.GuardrailDecision;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standard payload logged for a call: one {@code start} event when the call begins (after it is authenticated and
 * validated) and one {@code success} or {@code failure} event when it ends. It never holds image data (images appear as
 * byte counts; image URLs are left out because the gateway's own are credentials), the prompt, or any key.
 *
 * @param time when this event happened
 * @param deployment the deployment that served the call (on failure: the last one tried), null before routing
 * @param keyAlias the API key's alias, null when unknown (filled by the keys feature)
 * @param user the key's user id, null when unknown
 * @param team the key's team id, null when unknown
 * @param costUsd null when unpriced or not finished ({@code costSource} says which)
 * @param imageBytes decoded size of each image returned; null for an image returned as a URL
 * @param status the HTTP status answered; null on start
 * @param errorType the failure's OpenAI error code or type (e.g. {@code content_policy_violation}); null unless failed
 * @param stream how the answer was streamed, or null for a call answered with one JSON body
 * @param callType what the call did: {@code image_generation}, {@code image_edit} or {@code image_variation}
 */
public record CallEvent(Kind event, String callId, Instant time, Instant startTime, String modelGroup,
                        String deployment, String provider, String model, String keyAlias, String user,
                        String team, String endUser, int n, String size, String quality, BigDecimal costUsd,
                        String costSource, Usage usage, List<Long> imageBytes, Duration latency, int retries,
                        List<String> fallbacks, List<Attempt> attempts, Integer status, String errorType,
                        String errorMessage, List<GuardrailDecision> guardrails, List<String> tags,
                        Stream stream, String callType) {

  /** An event of a call answered with one JSON body (not streamed). */
  public CallEvent(Kind event, String callId, Instant time, Instant startTime, String modelGroup, String deployment,
                   String provider, String model, String keyAlias, String user, String team, String endUser, int n,
                   String size, String quality, BigDecimal costUsd, String costSource, Usage usage,
                   List<Long> imageBytes, Duration latency, int retries, List<String> fallbacks,
                   List<Attempt> attempts, Integer status, String errorType, String errorMessage,
                   List<GuardrailDecision> guardrails, List<String> tags) {
    this(event, callId, time, startTime, modelGroup, deployment, provider, model, keyAlias, user, team, endUser, n,
        size, quality, costUsd, costSource, usage, imageBytes, latency, retries, fallbacks, attempts, status,
        errorType, errorMessage, guardrails, tags, null, null);
  }

  /**
   * A streamed call ({@code stream: true}): server-sent events instead of one JSON body.
   *
   * @param partialImagesAsked {@code partial_images} as the client sent it
   * @param partialImagesSent partial images written to the client
   * @param upstreamStreamed whether the provider streamed the call itself (false: the ordinary call, whose completed
   *     images were sent as events); null when the call ended before any image
   * @param firstEvent how long after the call's start the first event was written; null when none was
   */
  public record Stream(int partialImagesAsked, int partialImagesSent, Boolean upstreamStreamed,
                       Duration firstEvent) {
    Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("partial_images", partialImagesAsked);
      out.put("partial_images_sent", partialImagesSent);
      out.put("upstream_streamed", upstreamStreamed);
      out.put("time_to_first_event_ms", firstEvent == null ? null : firstEvent.toMillis());
      return out;
    }
  }

  /** Which moment of the call an event reports. */
  public enum Kind {
    START, SUCCESS, FAILURE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One try of one deployment by the router.
   *
   * @param errorType null when the attempt succeeded
   */
  public record Attempt(int number, String modelGroup, String deployment, String model, Instant start,
                        Duration latency, String errorType) {
    Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("number", number);
      out.put("model_group", modelGroup);
      out.put("deployment", deployment);
      out.put("model", model);
      out.put("start_time", start.toString());
      out.put("latency_ms", latency.toMillis());
      out.put("status", errorType == null ? "success" : "failure");
      out.put("error_type", errorType);
      return out;
    }
  }

  public CallEvent {
    usage = usage == null ? Usage.NONE : usage;
    imageBytes = imageBytes == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(imageBytes));
    latency = latency == null ? Duration.ZERO : latency;
    fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    guardrails = guardrails == null ? List.of() : List.copyOf(guardrails);
    tags = tags == null ? List.of() : List.copyOf(tags);
    callType = callType == null ? "image_generation" : callType;
  }

  /** The payload as JSON-ready values with snake_case keys, nulls included ({@code stream} only for streamed calls). */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event", event.wireName());
    out.put("call_id", callId);
    out.put("time", time.toString());
    out.put("start_time", startTime.toString());
    out.put("call_type", callType);
    out.put("model_group", modelGroup);
    out.put("deployment", deployment);
    out.put("provider", provider);
    out.put("model", model);
    out.put("key_alias", keyAlias);
    out.put("user", user);
    out.put("team", team);
    out.put("end_user", endUser);
    out.put("n", n);
    out.put("size", size);
    out.put("quality", quality);
    out.put("cost_usd", costUsd == null ? null : costUsd.toPlainString());
    out.put("cost_source", costSource);
    Map<String, Object> tokens = new LinkedHashMap<>();
    tokens.put("input_tokens", usage.inputTokens());
    tokens.put("output_tokens", usage.outputTokens());
    tokens.put("total_tokens", usage.totalTokens());
    out.put("usage", tokens);
    out.put("images", imageBytes.stream().map(CallEvent::image).toList());
    out.put("latency_ms", latency.toMillis());
    out.put("retries", retries);
    out.put("fallbacks", fallbacks);
    out.put("attempts", attempts.stream().map(Attempt::toMap).toList());
    out.put("status", status);
    out.put("error_type", errorType);
    out.put("error_message", errorMessage);
    out.put("guardrails", guardrails.stream().map(CallEvent::decision).toList());
    out.put("tags", tags);
    if (stream != null) {
      out.put("stream", stream.toMap());
    }
    return out;
  }

  private static Map<String, Object> image(Long bytes) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", bytes == null ? "url" : "b64_json");
    out.put("bytes", bytes);
    return out;
  }

  private static Map<String, Object> decision(GuardrailDecision decision) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", decision.guardrail());
    out.put("action", decision.action().wireName());
    out.put("found", decision.findings());
    if (decision.reason() != null) {
      out.put("reason", decision.reason());
    }
    if (decision.error() != null) {
      out.put("error", decision.error());
    }
    return out;
  }
}
