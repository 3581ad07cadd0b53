package dev.imagegate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Google's error table, the same on the Gemini API and Vertex AI: HTTP status and
 * {@code {"error": {"code", "message", "status", "details"}}} to a typed exception. Public so that the Vertex room
 * reuses it.
 */
public final class GoogleErrors {
  private GoogleErrors() {
  }

  /**
   * The fields of Google's error body, read leniently from any body.
   *
   * @param reason the {@code ErrorInfo} reason, e.g. {@code API_KEY_INVALID}
   * @param field the first {@code BadRequest} field violation
   * @param retryDelay the {@code RetryInfo} delay
   */
  public record Parsed(String message, String status, String reason, String field, Duration retryDelay) {
    static final Parsed NONE = new Parsed(null, null, null, null, null);
  }

  public static Parsed parse(byte[] body) {
    try {
      GoogleWire.ErrorBody wire = Json.MAPPER.readValue(body, GoogleWire.ErrorBody.class);
      if (wire == null || wire.error() == null) {
        return Parsed.NONE;
      }
      List<JsonNode> details = wire.error().details() == null ? List.of() : wire.error().details();
      return new Parsed(wire.error().message(), wire.error().status(), detail(details, "reason"),
          fieldViolation(details), delay(detail(details, "retryDelay")));
    } catch (Exception e) {
      return Parsed.NONE;
    }
  }

  /** Maps a non-2xx answer by HTTP status, refined by Google's status and reason. */
  public static ImageGateException map(ProviderCall call, HttpTransport.Response response) {
    Parsed error = parse(response.body());
    String providerMessage = error.message() != null ? error.message() : ProviderHttp.snippet(response.body());
    ImageGateException.Details details = ProviderHttp.detailsOf(call, response, providerMessage);
    int status = response.status();
    String message = call.provider() + " error " + status + (error.status() == null ? "" : " " + error.status())
        + ": " + providerMessage;
    return switch (status) {
      case 400 -> badRequest(error, message, details);
      case 401 -> new Authentication(message, details);
      case 403 -> new PermissionDenied(message, details);
      case 404 -> new NotFound(message, details);
      case 408, 504 -> new Timeout(message, details, null);
      case 429 -> new RateLimited(message, retryAfter(response, error), details);
      default -> {
        if (status >= 500) {
          yield new UpstreamUnavailable(message, status, details, null);
        }
        if (status >= 400) {
          yield new BadRequest(message, error.field(), details);
        }
        yield new UpstreamProtocol(call.provider() + " answered unexpected HTTP " + status + ": " + providerMessage,
            details, null);
      }
    };
  }

  /**
   * 400 is INVALID_ARGUMENT or FAILED_PRECONDITION, except that the Gemini API answers a bad key with 400
   * {@code API_KEY_INVALID}, and Imagen refuses prompts with a 400 citing Google's Responsible AI practices.
   */
  private static ImageGateException badRequest(Parsed error, String message, ImageGateException.Details details) {
    if ("API_KEY_INVALID".equals(error.reason())) {
      return new Authentication(message, details);
    }
    String lower = error.message() == null ? "" : error.message().toLowerCase(Locale.ROOT);
    if (lower.contains("responsible ai") || lower.contains("sensitive words")) {
      return new ContentPolicyViolation(message, details);
    }
    return new BadRequest(message, error.field(), details);
  }

  private static Duration retryAfter(HttpTransport.Response response, Parsed error) {
    Duration header = ProviderHttp.retryAfter(response);
    return header != null ? header : error.retryDelay();
  }

  private static String detail(List<JsonNode> details, String field) {
    return details.stream().map(d -> d.path(field)).filter(JsonNode::isTextual).map(JsonNode::asText)
        .findFirst().orElse(null);
  }

  private static String fieldViolation(List<JsonNode> details) {
    return details.stream().flatMap(d -> d.path("fieldViolations").valueStream())
        .map(v -> v.path("field")).filter(JsonNode::isTextual).map(JsonNode::asText).findFirst().orElse(null);
  }

  /** {@code "7s"} or {@code "0.5s"} (protobuf Duration JSON) to a Duration. */
  static Duration delay(String value) {
    if (value == null || !value.endsWith("s")) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(value.substring(0, value.length() - 1));
      return Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
