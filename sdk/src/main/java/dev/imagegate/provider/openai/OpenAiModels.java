package dev.imagegate.provider.openai;

import dev.imagegate.ResponseFormat;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** What each OpenAI image model accepts (platform.openai.com API reference, images, checked 2026-11). */
public final class OpenAiModels {
  public static final Set<String> GPT_IMAGE_EXTRAS = Set.of("background", "moderation", "output_format",
      "output_compression", "partial_images", "stream");

  public static final Capabilities DALL_E_2 = new Capabilities(1, 10,
      Allowed.oneOf("256x256", "512x512", "1024x1024"), Allowed.oneOf("standard"), Allowed.NONE,
      EnumSet.allOf(ResponseFormat.class), true, true, Set.of(), Set.of());

  public static final Capabilities DALL_E_3 = new Capabilities(1, 1,
      Allowed.oneOf("1024x1024", "1792x1024", "1024x1792"), Allowed.oneOf("standard", "hd"),
      Allowed.oneOf("vivid", "natural"), EnumSet.allOf(ResponseFormat.class), true, true, Set.of(), Set.of());

  public static final Capabilities GPT_IMAGE = new Capabilities(1, 10,
      Allowed.oneOf("1024x1024", "1536x1024", "1024x1536", "auto"), Allowed.oneOf("low", "medium", "high", "auto"),
      Allowed.NONE, EnumSet.of(ResponseFormat.B64_JSON), false, true, GPT_IMAGE_EXTRAS, Set.of());

  /** Bare model names users may write without a prefix, all served by OpenAI. */
  public static final Map<String, Capabilities> CATALOGUE = Map.of(
      "dall-e-2", DALL_E_2,
      "dall-e-3", DALL_E_3,
      "gpt-image-1", GPT_IMAGE,
      "gpt-image-1-mini", GPT_IMAGE,
      "gpt-image-1.5", GPT_IMAGE);

  private OpenAiModels() {
  }

  /** The capabilities of a known model; unknown names (new models, compatible servers) are permissive. */
  public static Capabilities of(String model) {
    return CATALOGUE.getOrDefault(model, Capabilities.permissive());
  }
}
