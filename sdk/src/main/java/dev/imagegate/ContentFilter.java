package dev.imagegate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content-filter verdicts an answer carried (Azure OpenAI): for each generated image, in image order, the
 * verdicts on the image ({@code data[i].content_filter_results}) and on the prompt as the model used it
 * ({@code data[i].prompt_filter_results}, dall-e-3), and the verdicts on each prompt of the request (top-level
 * {@code prompt_filter_results}). Categories are Azure's names ({@code hate}, {@code sexual}, {@code violence},
 * {@code self_harm}, {@code profanity}, {@code jailbreak}, ...), kept as given. {@link #NONE} for providers that send
 * none. Immutable.
 *
 * @param images one entry per generated image (empty maps where the answer had no verdicts for it)
 * @param prompts the verdicts on the request's prompts
 */
public record ContentFilter(List<ImageVerdicts> images, List<PromptVerdicts> prompts) {
  public static final ContentFilter NONE = new ContentFilter(List.of(), List.of());

  /**
   * One category's verdict; each field is null when the answer left it out.
   *
   * @param filtered whether the content was filtered for this category
   * @param severity {@code safe}, {@code low}, {@code medium} or {@code high}
   * @param detected for detection categories ({@code jailbreak}, {@code profanity}, protected material)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Verdict(Boolean filtered, String severity, Boolean detected) {
    boolean isFiltered() {
      return Boolean.TRUE.equals(filtered);
    }
  }

  /** The verdicts on one generated image and on the prompt that produced it. */
  public record ImageVerdicts(Map<String, Verdict> content, Map<String, Verdict> prompt) {
    public ImageVerdicts {
      content = copy(content);
      prompt = copy(prompt);
    }
  }

  /** The verdicts on the request's prompt {@code promptIndex}. */
  public record PromptVerdicts(int promptIndex, Map<String, Verdict> content) {
    public PromptVerdicts {
      content = copy(content);
    }
  }

  public ContentFilter {
    images = images == null ? List.of() : List.copyOf(images);
    prompts = prompts == null ? List.of() : List.copyOf(prompts);
  }

  /** Whether the answer carried no verdict at all. */
  public boolean isEmpty() {
    return prompts.isEmpty() && images.stream().allMatch(i -> i.content().isEmpty() && i.prompt().isEmpty());
  }

  /** Whether any verdict says something was filtered. */
  public boolean anyFiltered() {
    return prompts.stream().anyMatch(p -> filtered(p.content()))
        || images.stream().anyMatch(i -> filtered(i.content()) || filtered(i.prompt()));
  }

  private static boolean filtered(Map<String, Verdict> verdicts) {
    return verdicts.values().stream().anyMatch(Verdict::isFiltered);
  }

  private static Map<String, Verdict> copy(Map<String, Verdict> verdicts) {
    return verdicts == null || verdicts.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
  }
}
