package dev.imagegate.gateway.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ContentFilter;
import dev.imagegate.provider.Json;
import java.util.Map;

/**
 * The {@code content_filter} column of a spend row: an answer's content-filter verdicts ({@link ContentFilter}) as
 * compact JSON text, in Azure's own names so that an operator reads them as Azure wrote them:
 * <pre>{@code
 * {"prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {"hate": {"filtered": false,
 *                                                                                     "severity": "safe"}}}],
 *  "images": [{"content_filter_results": {...}, "prompt_filter_results": {...}}]}
 * }</pre>
 * {@code images} has one entry per generated image, in image order ({@code {}} for an image without verdicts); each
 * part is left out when the answer had none of it. Verdicts carry {@code filtered}, {@code severity} and
 * {@code detected} as given, absent when Azure left them out.
 */
public final class ContentFilterColumn {
  private ContentFilterColumn() {}

  /** The verdicts as compact JSON text, or null when there are none (the column stays NULL). */
  public static String write(ContentFilter filter) {
    if (filter == null || filter.isEmpty()) {
      return null;
    }
    ObjectNode json = Json.object();
    if (!filter.prompts().isEmpty()) {
      ArrayNode prompts = json.putArray("prompt_filter_results");
      for (ContentFilter.PromptVerdicts prompt : filter.prompts()) {
        ObjectNode entry = prompts.addObject().put("prompt_index", prompt.promptIndex());
        verdicts(entry, "content_filter_results", prompt.content());
      }
    }
    boolean anyImage = filter.images().stream().anyMatch(i -> !i.content().isEmpty() || !i.prompt().isEmpty());
    if (anyImage) {
      ArrayNode images = json.putArray("images");
      for (ContentFilter.ImageVerdicts image : filter.images()) {
        ObjectNode entry = images.addObject();
        verdicts(entry, "content_filter_results", image.content());
        verdicts(entry, "prompt_filter_results", image.prompt());
      }
    }
    return Json.writeString(json);
  }

  private static void verdicts(ObjectNode parent, String name, Map<String, ContentFilter.Verdict> verdicts) {
    if (!verdicts.isEmpty()) {
      parent.set(name, Json.MAPPER.valueToTree(verdicts));
    }
  }
}
