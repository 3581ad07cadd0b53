package dev.imagegate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.UpstreamErrors;
import dev.imagegate.provider.UpstreamErrors.Sign;
import java.util.Set;

/** OpenAI's error body, {@code {"error": {...}}}, read for {@link UpstreamErrors}' status table. */
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
    return UpstreamErrors.map(call, response, reading(response.status(), parse(response.body())));
  }

  /** The status with what OpenAI's code, type and inner error add to it. */
  static UpstreamErrors.Reading reading(int status, Parsed error) {
    boolean contentPolicy = CONTENT_POLICY.contains(String.valueOf(error.code()))
        || "image_generation_user_error".equals(error.type())
        || "ResponsibleAIPolicyViolation".equals(error.innerCode());
    boolean quota = "insufficient_quota".equals(error.code()) || "insufficient_quota".equals(error.type());
    return UpstreamErrors.Reading.of(status, error.message()).param(error.param())
        .sign(contentPolicy ? Sign.CONTENT_POLICY : quota ? Sign.QUOTA_EXHAUSTED : Sign.NONE);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
