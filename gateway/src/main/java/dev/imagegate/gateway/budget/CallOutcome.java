package dev.imagegate.gateway.budget;

import dev.imagegate.ContentFilter;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.router.CallResult;
import dev.imagegate.Cost;
import dev.imagegate.Usage;
import dev.imagegate.gateway.store.ContentFilterColumn;
import dev.imagegate.gateway.store.SpendRow;

/**
 * How an admitted call ended, for its spend-log row. The permit adds who called (key, user, team, end user), the
 * model group and the start time.
 *
 * @param cost the actual cost; unpriced when it could not be priced or the call failed before anything was charged
 * @param usage token usage, or null/{@link Usage#NONE} when the provider reported none
 * @param errorType the failure's type ({@code ImageGateException.type()}), or null on success
 * @param prompt the prompt (kept only when {@code store_prompts_in_spend_logs} is on), or null
 * @param guardrails guardrail decisions as JSON text, or null
 * @param callType what the call did ({@code Operation.callType()}); generation when null
 * @param contentFilter the answer's content-filter verdicts as JSON text ({@link ContentFilterColumn}), or null when
 *     it carried none
 */
public record CallOutcome(String requestId, String deploymentId, String provider, Integer n, String size,
                          String quality, Cost cost, Usage usage, long latencyMs, SpendRow.Status status,
                          String errorType, int retries, int fallbacks, String prompt, String guardrails,
                          String callType, String contentFilter) {
  public CallOutcome {
    if (requestId == null || requestId.isBlank() || cost == null || status == null) {
      throw new IllegalArgumentException("a call outcome needs a request id, a cost (or Cost.unpriced) and a status");
    }
  }

  /** A generation's outcome. */
  public CallOutcome(String requestId, String deploymentId, String provider, Integer n, String size, String quality,
                     Cost cost, Usage usage, long latencyMs, SpendRow.Status status, String errorType, int retries,
                     int fallbacks, String prompt, String guardrails) {
    this(requestId, deploymentId, provider, n, size, quality, cost, usage, latencyMs, status, errorType, retries,
        fallbacks, prompt, guardrails, SpendRow.GENERATION, null);
  }

  /**
   * The outcome of a routed call, from its {@link CallResult}. The content-filter verdicts come from the served
   * answer, or from a refusal that carried them (Azure's content-policy 400 keeps the verdicts of its error body on
   * the {@code ContentPolicyViolation}).
   *
   * @param request the validated request (its prompt is kept only if the spend log stores prompts)
   * @param guardrails the guardrails' decisions as JSON text, or null
   */
  public static CallOutcome of(String requestId, ImageRequest request, CallResult result, long latencyMs,
                               String guardrails) {
    ImageGateException failure = result.failure();
    ImageResponse response = result.succeeded() ? result.response() : null;
    return new CallOutcome(requestId, result.deploymentId(), result.provider(), request.count(),
        request.size() == null ? null : request.size().wire(), request.quality(), result.cost(),
        response == null ? null : response.usage(), latencyMs,
        status(failure),
        failure == null ? null : failure.getClass().getSimpleName(), result.retries(),
        result.fallbacksTried().size(), request.prompt(), guardrails, request.operation().callType(),
        ContentFilterColumn.write(response != null ? response.contentFilter()
            : failure instanceof ContentPolicyViolation refused ? refused.contentFilter() : ContentFilter.NONE));
  }

  /** Success; cancelled when the client went away mid-stream ({@link Cancelled}); else a failure. */
  private static SpendRow.Status status(ImageGateException failure) {
    return switch (failure) {
      case null -> SpendRow.Status.SUCCESS;
      case Cancelled cancelled -> SpendRow.Status.CANCELLED;
      default -> SpendRow.Status.FAILURE;
    };
  }
}
