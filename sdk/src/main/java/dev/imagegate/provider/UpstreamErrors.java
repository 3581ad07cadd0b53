package dev.imagegate.provider;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.time.Duration;

/**
 * The one table from a provider's error answer to a typed exception, shared by every provider. A provider reads its
 * own error body (and headers) into a {@link Reading}; the exception is chosen here by status, refined by the
 * {@link Sign} the body gave. The message is {@code "<provider> error <status>[ <label>]: <provider's message>"}.
 */
public final class UpstreamErrors {
  private UpstreamErrors() {
  }

  /** What the body said beyond its status, where it changes the exception. */
  public enum Sign {
    NONE,
    /** A safety system refused the prompt or image: a 400, 403 or 422 is a {@link ContentPolicyViolation}. */
    CONTENT_POLICY,
    /** The key was refused though the status is 400 (Gemini's {@code API_KEY_INVALID}). */
    BAD_CREDENTIALS,
    /** A 429 for an exhausted quota or balance, which waiting does not fix. */
    QUOTA_EXHAUSTED
  }

  /**
   * A provider's error answer as its room read it.
   *
   * @param status the status shown in the message: the HTTP status, or the code of an error inside a 2xx body
   * @param meaning the status whose row of the table applies (e.g. Bedrock's {@code ThrottlingException} means 429
   *     whatever its HTTP status); usually {@code status}
   * @param label the provider's own error name shown after the status ({@code INVALID_ARGUMENT},
   *     {@code ValidationException}), or null
   * @param message the provider's message, or null to quote the body
   * @param detail appended to the message (e.g. OpenRouter's metadata), or empty
   * @param param the request parameter at fault, or null
   * @param retryDelay the wait the body asked for, used when no {@code Retry-After} header did; or null
   */
  public record Reading(int status, int meaning, String label, String message, String detail, String param,
                        Duration retryDelay, Sign sign) {
    public Reading {
      detail = detail == null ? "" : detail;
      sign = sign == null ? Sign.NONE : sign;
    }

    /** An answer with {@code status} and {@code message} (null to quote the body), nothing more. */
    public static Reading of(int status, String message) {
      return new Reading(status, status, null, message, "", null, null, Sign.NONE);
    }

    public Reading meaning(int newMeaning) {
      return new Reading(status, newMeaning, label, message, detail, param, retryDelay, sign);
    }

    public Reading label(String newLabel) {
      return new Reading(status, meaning, newLabel, message, detail, param, retryDelay, sign);
    }

    public Reading detail(String newDetail) {
      return new Reading(status, meaning, label, message, newDetail, param, retryDelay, sign);
    }

    public Reading param(String newParam) {
      return new Reading(status, meaning, label, message, detail, newParam, retryDelay, sign);
    }

    public Reading retryDelay(Duration newDelay) {
      return new Reading(status, meaning, label, message, detail, param, newDelay, sign);
    }

    public Reading sign(Sign newSign) {
      return new Reading(status, meaning, label, message, detail, param, retryDelay, newSign);
    }
  }

  /** The exception for {@code reading}, keeping the provider's message and the answer's request id. */
  public static ImageGateException map(ProviderCall call, HttpTransport.Response response, Reading reading) {
    String providerMessage = reading.message() != null ? reading.message() : ProviderHttp.snippet(response.body());
    ImageGateException.Details details = ProviderHttp.detailsOf(call, response, providerMessage);
    String message = call.provider() + " error " + reading.status()
        + (reading.label() == null || reading.label().isEmpty() ? "" : " " + reading.label()) + ": "
        + providerMessage + reading.detail();
    Sign sign = reading.sign();
    int status = reading.meaning();
    return switch (status) {
      case 400, 422 -> sign == Sign.BAD_CREDENTIALS ? new Authentication(message, details)
          : sign == Sign.CONTENT_POLICY ? new ContentPolicyViolation(message, details)
          : new BadRequest(message, reading.param(), details);
      case 401 -> new Authentication(message, details);
      case 402 -> new PermissionDenied(message + " (insufficient credits)", details);
      case 403 -> sign == Sign.CONTENT_POLICY ? new ContentPolicyViolation(message, details)
          : new PermissionDenied(message, details);
      case 404 -> new NotFound(message, details);
      case 408 -> new Timeout(message, details, null);
      case 429 -> new RateLimited(message, retryAfter(response, reading), sign == Sign.QUOTA_EXHAUSTED, details);
      default -> status >= 500 ? new UpstreamUnavailable(message, status, details, null)
          : status >= 400 ? new BadRequest(message, reading.param(), details)
          : new UpstreamProtocol(call.provider() + " answered unexpected HTTP " + reading.status() + ": "
              + providerMessage, details, null);
    };
  }

  private static Duration retryAfter(HttpTransport.Response response, Reading reading) {
    Duration header = ProviderHttp.retryAfter(response);
    return header != null ? header : reading.retryDelay();
  }
}
