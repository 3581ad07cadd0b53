package dev.imagegate.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
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
import java.util.ArrayList;
import java.util.List;

/**
 * OpenRouter's error table: {@code {"error": {"code", "message", "metadata"}}} by status. 402 (no credits) is
 * PermissionDenied, 403 with moderation metadata is ContentPolicyViolation, 408 Timeout, 502/503 (the upstream model
 * failed, no provider available) UpstreamUnavailable. The metadata's reasons, provider and raw upstream message are
 * kept in the message.
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
    String providerMessage = error.path("message").isTextual() ? error.path("message").asText()
        : ProviderHttp.snippet(response.body());
    ImageGateException.Details details = ProviderHttp.detailsOf(call, response, providerMessage);
    JsonNode metadata = error.path("metadata");
    String message = "openrouter error " + status + ": " + providerMessage + describe(metadata);
    return switch (status) {
      case 400, 422 -> new BadRequest(message, null, details);
      case 401 -> new Authentication(message, details);
      case 402 -> new PermissionDenied(message + " (insufficient credits)", details);
      case 403 -> moderation(metadata)
          ? new ContentPolicyViolation(message, details)
          : new PermissionDenied(message, details);
      case 404 -> new NotFound(message, details);
      case 408 -> new Timeout(message, details, null);
      case 429 -> new RateLimited(message, ProviderHttp.retryAfter(response), details);
      default -> status >= 500 ? new UpstreamUnavailable(message, status, details, null)
          : status >= 400 ? new BadRequest(message, null, details)
          : new UpstreamProtocol("openrouter answered unexpected HTTP " + status + ": " + providerMessage, details,
              null);
    };
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
