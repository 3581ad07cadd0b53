package dev.imagegate.provider.bedrock;

import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import dev.imagegate.provider.UpstreamErrors;
import dev.imagegate.provider.UpstreamErrors.Sign;
import java.util.regex.Pattern;

/**
 * Bedrock's error answer: the {@code x-amzn-ErrorType} header (else the body's {@code __type}) names the status row of
 * {@link UpstreamErrors}' table that applies (else the HTTP status does); the body's {@code message} is kept.
 */
final class BedrockErrors {
  /** How Bedrock and its models say content was refused ("blocked by our content filters", "Filter reason: ..."). */
  private static final Pattern FILTERED = Pattern.compile("(?i)blocked|filtered|content filter|filter reason");

  private BedrockErrors() {
  }

  static boolean saysFiltered(String message) {
    return message != null && FILTERED.matcher(message).find();
  }

  /** Maps a non-2xx answer: by the row of the status its error type means, else by its HTTP status. */
  static ImageGateException map(ProviderCall call, HttpTransport.Response response) {
    BedrockWire.ErrorBody body = parse(response.body());
    String type = errorType(response.header("x-amzn-ErrorType"), body.type());
    int status = response.status();
    String message = body.message() != null ? body.message() : ProviderHttp.snippet(response.body());
    return UpstreamErrors.map(call, response, UpstreamErrors.Reading.of(status, body.message())
        .meaning(meaning(type, status)).label(type).sign(saysFiltered(message) ? Sign.CONTENT_POLICY : Sign.NONE));
  }

  /** The status an AWS error type stands for, which is not always the status it is sent with. */
  private static int meaning(String type, int status) {
    return switch (type) {
      case "ValidationException" -> 400;
      case "AccessDeniedException" -> 403;
      case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
          "MissingAuthenticationTokenException", "ExpiredTokenException", "InvalidClientTokenId" -> 401;
      case "ResourceNotFoundException" -> 404;
      case "ThrottlingException", "ServiceQuotaExceededException", "TooManyRequestsException" -> 429;
      case "ModelTimeoutException" -> 408;
      case "ModelNotReadyException", "ServiceUnavailableException" -> 503;
      case "InternalServerException", "ModelErrorException" -> status == 503 ? 503 : 502;
      default -> status;
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
