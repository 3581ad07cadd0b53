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
final class ContentFilterJson {
  private ContentFilterJson() {
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
