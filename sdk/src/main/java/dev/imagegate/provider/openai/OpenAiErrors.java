package dev.imagegate.provider.openai;

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
import java.util.Set;

/** OpenAI's error table: status and {@code {"error": {...}}} body to a typed exception. */
public final class OpenAiErrors {
  private static final Set<String> CONTENT_POLICY = Set.of("content_policy_violation", "moderation_blocked",
      "contentFilter", "content_filter");

  private OpenAiErrors() {
  }

  /** The provider's error fields, read leniently from any JSON or non-JSON body. */
  public record Parsed(String message, String type, String param, String code, String innerCode) {
  }

  public static Parsed parse(byte[] body) {
    try {
      JsonNode root = Json.parse(body);
      JsonNode error = root.path("error");
      if (error.isTextual()) {
        return new Parsed(error.asText(), null, null, null, null);
      }
      if (!error.isObject()) {
        String message = root.path("message").asText(root.path("detail").asText(null));
        return new Parsed(message, null, null, null, null);
      }
      JsonNode inner = error.path("inner_error").isObject() ? error.path("inner_error") : error.path("innererror");
      return new Parsed(text(error, "message"), text(error, "type"), text(error, "param"), text(error, "code"),
          inner.isObject() ? text(inner, "code") : null);
    } catch (Exception e) {
      return new Parsed(null, null, null, null, null);
    }
  }

  /** Maps a non-2xx answer to the exception OpenAI's status and code mean. */
  public static ImageGateException map(ProviderCall call, HttpTransport.Response response) {
    Parsed error = parse(response.body());
    String providerMessage = error.message() != null ? error.message() : ProviderHttp.snippet(response.body());
    ImageGateException.Details details = ProviderHttp.detailsOf(call, response, providerMessage);
    int status = response.status();
    String message = call.provider() + " error " + status + ": " + providerMessage;
    boolean contentPolicy = CONTENT_POLICY.contains(String.valueOf(error.code()))
        || "image_generation_user_error".equals(error.type())
        || "ResponsibleAIPolicyViolation".equals(error.innerCode());
    return switch (status) {
      case 400, 422 -> contentPolicy
          ? new ContentPolicyViolation(message, details)
          : new BadRequest(message, error.param(), details);
      case 401 -> new Authentication(message, details);
      case 403 -> contentPolicy ? new ContentPolicyViolation(message, details) : new PermissionDenied(message, details);
      case 404 -> new NotFound(message, details);
      case 408 -> new Timeout(message, details, null);
      case 429 -> new RateLimited(message, ProviderHttp.retryAfter(response),
          "insufficient_quota".equals(error.code()) || "insufficient_quota".equals(error.type()), details);
      default -> {
        if (status >= 500) {
          yield new UpstreamUnavailable(message, status, details, null);
        }
        if (status >= 400) {
          yield new BadRequest(message, error.param(), details);
        }
        yield new UpstreamProtocol(call.provider() + " answered unexpected HTTP " + status + ": " + providerMessage,
            details, null);
      }
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
