package dev.imagegate.router;

import dev.imagegate.Cost;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.ImageGateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one call did, as one value: the response or the failure, every attempt (deployment, latency, error) and
 * the fallback groups tried. What callers report about a call (response headers, spend rows, metrics, traces,
 * callbacks) is read from here; the cost is the response's, computed once when the serving attempt ended.
 *
 * @param response the answer, or null when the call failed
 * @param failure why the call failed (the last attempt's failure, or why none could be made), or null
 * @param attempts every attempt in order, across fallback groups
 * @param fallbacksTried the fallback groups tried, in order
 * @param failedCost what a failed call was billed (unpriced "failed" unless a streamed call failed after it began)
 */
public record CallResult(ImageResponse response, ImageGateException failure, List<Attempt> attempts,
                         List<String> fallbacksTried, Cost failedCost) {

  public CallResult {
    if ((response == null) == (failure == null)) {
      throw new IllegalArgumentException("a call result has a response or a failure");
    }
    attempts = List.copyOf(attempts);
    fallbacksTried = List.copyOf(fallbacksTried);
    failedCost = failedCost == null ? Cost.unpriced("failed") : failedCost;
  }

  /** A result whose failure, if any, cost nothing (failed attempts are not charged). */
  public CallResult(ImageResponse response, ImageGateException failure, List<Attempt> attempts,
                    List<String> fallbacksTried) {
    this(response, failure, attempts, fallbacksTried, null);
  }

  /** This failed result with what it was billed (a streamed call that failed after its first event). */
  CallResult withFailedCost(Cost cost) {
    return new CallResult(response, failure, attempts, fallbacksTried, cost);
  }

  /**
   * One try of one deployment.
   *
   * @param number 1 for the call's first attempt, counting across fallbacks
   * @param group the model group being served (a fallback group during fallbacks)
   * @param error why it failed, or null when it served the call
   */
  public record Attempt(int number, String group, String deploymentId, String model, String provider,
                        Instant start, Duration latency, ImageGateException error) {
    public Attempt {
      Objects.requireNonNull(deploymentId, "deploymentId");
      Objects.requireNonNull(latency, "latency");
    }

    public boolean succeeded() {
      return error == null;
    }
  }

  /** A call refused before any attempt (e.g. by a guardrail). */
  public static CallResult refused(ImageGateException failure) {
    return new CallResult(null, failure, List.of(), List.of());
  }

  public boolean succeeded() {
    return response != null;
  }

  /** The response, else the failure thrown. */
  public ImageResponse orThrow() {
    if (failure != null) {
      throw failure;
    }
    return response;
  }

  /** Attempts beyond the first of each group tried. */
  public int retries() {
    return Math.max(0, attempts.size() - 1 - fallbacksTried.size());
  }

  /** The last deployment tried (the one that served a successful call), or null when none was. */
  public String deploymentId() {
    return attempts.isEmpty() ? null : attempts.getLast().deploymentId();
  }

  /** The provider of the last attempt (the response's own name on success), or null when none was made. */
  public String provider() {
    if (response != null && response.provider() != null) {
      return response.provider();
    }
    return attempts.isEmpty() ? null : attempts.getLast().provider();
  }

  /**
   * The call's cost: the response's; for a failed call, unpriced (failed attempts are not charged) unless it was a
   * streamed call that failed after it had begun, which is charged what it was billed ({@code failedCost}: its
   * partial images, or everything when only the last events could not be delivered).
   */
  public Cost cost() {
    return response != null ? response.cost() : failedCost;
  }

  /** The route an SDK caller reads from the response. */
  ImageResponse.Route route() {
    return new ImageResponse.Route(deploymentId(), attempts.size(), fallbacksTried);
  }
}
