package dev.imagegate.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ContentFilter;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.ContentFilterJson;
import dev.imagegate.provider.openai.OpenAiErrors;
import java.io.IOException;

/**
 * Azure's error table: OpenAI's ({@link OpenAiErrors}, which knows {@code content_policy_violation},
 * {@code contentFilter} and {@code ResponsibleAIPolicyViolation}), plus a content-filter verdict found only as
 * {@code content_filter_result(s)} in the inner error, and a hint on 404 (a wrong deployment name or api-version).
 */
final class AzureErrors {
  private AzureErrors() {
  }

  /** Maps a non-2xx answer; {@code where} (the path and api-version called) goes into 404 messages. */
  static ImageGateException map(ProviderCall call, HttpTransport.Response response, String where) {
    ImageGateException mapped = OpenAiErrors.map(call, response);
    return switch (mapped) {
      case ContentPolicyViolation refused -> new ContentPolicyViolation(refused.getMessage(), refused.details(),
          verdicts(response.body()));
      case BadRequest bad when contentFiltered(response.body()) ->
          new ContentPolicyViolation(bad.getMessage(), bad.details(), verdicts(response.body()));
      case PermissionDenied denied when contentFiltered(response.body()) ->
          new ContentPolicyViolation(denied.getMessage(), denied.details(), verdicts(response.body()));
      case NotFound notFound -> new NotFound(notFound.getMessage() + " (" + where
          + ": check the deployment name and api_version)", notFound.details());
      default -> mapped;
    };
  }

  /** The content-filter verdicts of the refusal's inner error, or none. */
  private static ContentFilter verdicts(byte[] body) {
    try {
      return ContentFilterJson.ofRefusal(Json.parse(body).path("error"));
    } catch (IOException | RuntimeException e) {
      return ContentFilter.NONE;
    }
  }

  /** Whether the error's inner error ({@code inner_error} or {@code innererror}) carries a content-filter verdict. */
  static boolean contentFiltered(byte[] body) {
    try {
      JsonNode error = Json.parse(body).path("error");
      for (String innerName : new String[] {"inner_error", "innererror"}) {
        JsonNode inner = error.path(innerName);
        if (inner.has("content_filter_result") || inner.has("content_filter_results")) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
