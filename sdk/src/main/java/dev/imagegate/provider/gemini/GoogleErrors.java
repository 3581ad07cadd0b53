package dev.imagegate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.UpstreamErrors;
import dev.imagegate.provider.UpstreamErrors.Sign;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Google's error body, the same on the Gemini API and Vertex AI:
 * {@code {"error": {"code", "message", "status", "details"}}}, read for {@link UpstreamErrors}' status table. Public so
 * that the Vertex room reuses it.
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

  /**
   * Maps a non-2xx answer by HTTP status, refined by Google's status and reason: the Gemini API answers a bad key with
   * 400 {@code API_KEY_INVALID}, Imagen refuses prompts with a 400 citing Google's Responsible AI practices, and a 504
   * is a deadline that passed (a timeout).
   */
  public static ImageGateException map(ProviderCall call, HttpTransport.Response response) {
    Parsed error = parse(response.body());
    int status = response.status();
    String lower = error.message() == null ? "" : error.message().toLowerCase(Locale.ROOT);
    Sign sign = "API_KEY_INVALID".equals(error.reason()) ? Sign.BAD_CREDENTIALS
        : lower.contains("responsible ai") || lower.contains("sensitive words") ? Sign.CONTENT_POLICY : Sign.NONE;
    return UpstreamErrors.map(call, response, UpstreamErrors.Reading.of(status, error.message())
        .meaning(status == 504 ? 408 : status).label(error.status()).param(error.field())
        .retryDelay(error.retryDelay()).sign(sign));
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
