package dev.imagegate.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The root of every failure imagegate reports. Unchecked and sealed: a {@code switch} over the subclasses is
 * exhaustive. Each carries the provider that failed (or {@code "imagegate"} when the failure is ours), the HTTP status
 * the failure maps to, the provider's own message, and the provider's request id when it sent one. Messages never hold
 * credentials.
 */
public abstract sealed class ImageGateException extends RuntimeException
    permits BadRequest, Authentication, PermissionDenied, NotFound, ContentPolicyViolation, RateLimited,
        BudgetExceeded, Timeout, UpstreamUnavailable, UpstreamProtocol, Internal, Cancelled {

  private final Details details;

  ImageGateException(String message, Details details, Throwable cause) {
    super(message, cause);
    this.details = details == null ? Details.NONE : details;
  }

  /** Where a failure came from. Every field may be null except that {@link #NONE} has none set. */
  public record Details(String provider, String model, Integer upstreamStatus, String providerMessage,
                        String requestId) {
    public static final Details NONE = new Details(null, null, null, null, null);

    public static Details of(String provider) {
      return new Details(provider, null, null, null, null);
    }

    public Details withModel(String newModel) {
      return new Details(provider, newModel, upstreamStatus, providerMessage, requestId);
    }
  }

  /** The HTTP status a gateway answers with for this failure. */
  public abstract int status();

  /** OpenAI's error {@code type} for this failure. */
  public abstract String type();

  /** OpenAI's error {@code code}, or null. */
  public String code() {
    return null;
  }

  /** The request parameter at fault, or null. */
  public String param() {
    return null;
  }

  /** Whether trying the same call again (here or on another deployment) may succeed. */
  public abstract boolean retryable();

  /** How long the provider asked us to wait before retrying, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  public Details details() {
    return details;
  }

  /** The provider that failed, or {@code "imagegate"} for failures raised before any provider was called. */
  public String provider() {
    return details.provider() == null ? "imagegate" : details.provider();
  }

  public Optional<String> model() {
    return Optional.ofNullable(details.model());
  }

  /** The status the provider answered with, when the failure came from a provider response. */
  public Optional<Integer> upstreamStatus() {
    return Optional.ofNullable(details.upstreamStatus());
  }

  public Optional<String> providerMessage() {
    return Optional.ofNullable(details.providerMessage());
  }

  public Optional<String> requestId() {
    return Optional.ofNullable(details.requestId());
  }
}
