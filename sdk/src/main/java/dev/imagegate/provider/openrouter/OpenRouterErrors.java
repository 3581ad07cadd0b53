package dev.imagegate.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.UpstreamErrors;
import dev.imagegate.provider.UpstreamErrors.Sign;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenRouter's error body, {@code {"error": {"code", "message", "metadata"}}}, read for {@link UpstreamErrors}'
 * table: moderation metadata makes a 403 a ContentPolicyViolation; the metadata's reasons, provider and raw upstream
 * message are kept in the message.
 */
final class OpenRouterErrors {
  private static final int RAW_LIMIT = 300;

  private OpenRouterErrors() {
  }

  /** Maps a non-2xx answer. */
  static ImageGateException map(ProviderCall call, HttpTransport.Response response) {
    JsonNode error;
    try {
      error = Json.parse(response.body()).path("error");
    } catch (Exception e) {
      error = MissingNode.getInstance();
    }
    return of(call, response, response.status(), error);
  }

  /** Maps an {@code error} object sent inside a 2xx answer (a failure after the call was accepted). */
  static ImageGateException inBody(ProviderCall call, HttpTransport.Response response, JsonNode error) {
    int code = error.path("code").asInt(502);
    return of(call, response, code >= 400 && code < 600 ? code : 502, error);
  }

  private static ImageGateException of(ProviderCall call, HttpTransport.Response response, int status,
                                       JsonNode error) {
    JsonNode metadata = error.path("metadata");
    String message = error.path("message").isTextual() ? error.path("message").asText() : null;
    return UpstreamErrors.map(call, response, UpstreamErrors.Reading.of(status, message).detail(describe(metadata))
        .sign(moderation(metadata) ? Sign.CONTENT_POLICY : Sign.NONE));
  }

  /** Moderation errors carry {@code reasons} or {@code flagged_input} in their metadata. */
  private static boolean moderation(JsonNode metadata) {
    return metadata.has("reasons") || metadata.has("flagged_input");
  }

  private static String describe(JsonNode metadata) {
    List<String> parts = new ArrayList<>();
    if (metadata.path("reasons").isArray() && !metadata.path("reasons").isEmpty()) {
      List<String> reasons = new ArrayList<>();
      metadata.path("reasons").forEach(reason -> reasons.add(reason.asText()));
      parts.add("reasons: " + String.join(", ", reasons));
    }
    if (metadata.path("provider_name").isTextual()) {
      parts.add("provider: " + metadata.path("provider_name").asText());
    }
    JsonNode raw = metadata.path("raw");
    if (!raw.isMissingNode() && !raw.isNull()) {
      String text = raw.isTextual() ? raw.asText() : raw.toString();
      parts.add("upstream said: " + (text.length() > RAW_LIMIT ? text.substring(0, RAW_LIMIT) + "..." : text));
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }
}
