package dev.imagegate.provider.bedrock;

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
import java.util.regex.Pattern;

/**
 * Bedrock's error table: the {@code x-amzn-ErrorType} header (else the body's {@code __type}, else the status) and the
 * body's {@code message} to a typed exception that keeps Bedrock's message and request id.
 */
final class BedrockErrors {
  /** How Bedrock and its models say content was refused ("blocked by our content filters", "Filter reason: ..."). */
  private static final Pattern FILTERED = Pattern.compile("(?i)blocked|filtered|content filter|filter reason");

  private BedrockErrors() {
  }

  static boolean saysFiltered(String message) {
    return message != null && FILTERED.matcher(message).find();
  }

  /** Maps a non-2xx answer. */
  static ImageGateException map(ProviderCall call, HttpTransport.Response response) {
    BedrockWire.ErrorBody body = parse(response.body());
    String type = errorType(response.header("x-amzn-ErrorType"), body.type());
    String providerMessage = body.message() != null ? body.message() : ProviderHttp.snippet(response.body());
    ImageGateException.Details details = ProviderHttp.detailsOf(call, response, providerMessage);
    int status = response.status();
    String message = "bedrock error " + status + (type.isEmpty() ? "" : " " + type) + ": " + providerMessage;
    return switch (type) {
      case "ValidationException" -> saysFiltered(providerMessage)
          ? new ContentPolicyViolation(message, details)
          : new BadRequest(message, null, details);
      case "AccessDeniedException" -> new PermissionDenied(message, details);
      case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
          "MissingAuthenticationTokenException", "ExpiredTokenException", "InvalidClientTokenId" ->
          new Authentication(message, details);
      case "ResourceNotFoundException" -> new NotFound(message, details);
      case "ThrottlingException", "ServiceQuotaExceededException", "TooManyRequestsException" ->
          new RateLimited(message, ProviderHttp.retryAfter(response), details);
      case "ModelTimeoutException" -> new Timeout(message, details, null);
      case "ModelNotReadyException", "ServiceUnavailableException" ->
          new UpstreamUnavailable(message, 503, details, null);
      case "InternalServerException", "ModelErrorException" -> new UpstreamUnavailable(message, status, details, null);
      default -> byStatus(call, response, message, details);
    };
  }

  private static ImageGateException byStatus(ProviderCall call, HttpTransport.Response response, String message,
                                             ImageGateException.Details details) {
    int status = response.status();
    return switch (status) {
      case 400, 422 -> saysFiltered(details.providerMessage())
          ? new ContentPolicyViolation(message, details)
          : new BadRequest(message, null, details);
      case 401 -> new Authentication(message, details);
      case 403 -> new PermissionDenied(message, details);
      case 404 -> new NotFound(message, details);
      case 408 -> new Timeout(message, details, null);
      case 429 -> new RateLimited(message, ProviderHttp.retryAfter(response), details);
      default -> status >= 500 ? new UpstreamUnavailable(message, status, details, null)
          : status >= 400 ? new BadRequest(message, null, details)
          : new UpstreamProtocol(call.provider() + " answered unexpected HTTP " + status + ": "
              + details.providerMessage(), details, null);
    };
  }

  /** {@code ValidationException:http://internal.amazon.com/...} or {@code com.amazon...#ValidationException}. */
  static String errorType(String header, String bodyType) {
    String raw = header != null && !header.isBlank() ? header : bodyType;
    if (raw == null) {
      return "";
    }
    int colon = raw.indexOf(':');
    String type = colon >= 0 ? raw.substring(0, colon) : raw;
    int hash = type.lastIndexOf('#');
    return (hash >= 0 ? type.substring(hash + 1) : type).trim();
  }

  private static BedrockWire.ErrorBody parse(byte[] body) {
    try {
      BedrockWire.ErrorBody parsed = Json.MAPPER.readValue(body, BedrockWire.ErrorBody.class);
      return parsed == null ? new BedrockWire.ErrorBody(null, null) : parsed;
    } catch (Exception e) {
      return new BedrockWire.ErrorBody(null, null);
    }
  }
}
