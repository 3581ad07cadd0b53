package dev.imagegate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ContentFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI's content-filter verdicts as it writes them: an object of categories, each
 * {@code {filtered, severity}} or {@code {filtered, detected}}; entries that are not objects (an {@code error} the
 * filter reports instead of verdicts) are left out.
 */
public final class ContentFilterJson {
  private ContentFilterJson() {
  }

  /**
   * The verdicts an Azure refusal carries in its inner error ({@code inner_error} or {@code innererror}):
   * {@code content_filter_results} (or {@code content_filter_result}) on the prompt; {@link ContentFilter#NONE} when
   * there are none.
   */
  public static ContentFilter ofRefusal(JsonNode error) {
    for (String innerName : new String[] {"inner_error", "innererror"}) {
      JsonNode inner = error.path(innerName);
      for (String field : new String[] {"content_filter_results", "content_filter_result"}) {
        JsonNode categories = inner.path(field);
        if (categories.isObject()) {
          Map<String, ContentFilter.Verdict> verdicts = verdicts(categories);
          return verdicts.isEmpty() ? ContentFilter.NONE
              : new ContentFilter(List.of(), List.of(new ContentFilter.PromptVerdicts(0, verdicts)));
        }
      }
    }
    return ContentFilter.NONE;
  }

  static Map<String, ContentFilter.Verdict> verdicts(JsonNode categories) {
    Map<String, ContentFilter.Verdict> verdicts = new LinkedHashMap<>();
    categories.properties().forEach(category -> {
      JsonNode value = category.getValue();
      if (value.isObject()) {
        verdicts.put(category.getKey(), new ContentFilter.Verdict(flag(value.get("filtered")),
            value.hasNonNull("severity") ? value.get("severity").asText() : null, flag(value.get("detected"))));
      }
    });
    return verdicts;
  }

  /** The top-level {@code prompt_filter_results}: {@code [{prompt_index, content_filter_results}]}. */
  static List<ContentFilter.PromptVerdicts> prompts(JsonNode array) {
    List<ContentFilter.PromptVerdicts> prompts = new ArrayList<>();
    for (JsonNode prompt : array) {
      if (prompt.isObject()) {
        prompts.add(new ContentFilter.PromptVerdicts(prompt.path("prompt_index").asInt(prompts.size()),
            verdicts(prompt.path("content_filter_results"))));
      }
    }
    return prompts;
  }

  private static Boolean flag(JsonNode value) {
    return value != null && value.isBoolean() ? value.booleanValue() : null;
  }
}
