package dev.imagegate.provider.recraft;

import dev.imagegate.ResponseFormat;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;
import java.util.EnumSet;
import java.util.Set;

/**
 * Recraft's image API, {@code POST https://external.api.recraft.ai/v1/images/generations}: OpenAI-shaped with its
 * own styles ({@code realistic_image}, {@code vector_illustration}, ...), {@code substyle}, {@code controls}. Vector
 * styles return SVG, which is kept as bytes.
 */
public final class RecraftProvider extends OpenAiShapedProvider {
  static final Capabilities CAPABILITIES = new Capabilities(1, 6,
      Allowed.oneOf("1024x1024", "1365x1024", "1024x1365", "1536x1024", "1024x1536", "1820x1024", "1024x1820",
          "1024x2048", "2048x1024", "1434x1024", "1024x1434", "1024x1280", "1280x1024", "1024x1707", "1707x1024"),
      Allowed.NONE,
      Allowed.oneOf("realistic_image", "digital_illustration", "vector_illustration", "icon", "any"),
      EnumSet.allOf(ResponseFormat.class), true, false,
      Set.of("substyle", "style_id", "negative_prompt", "controls", "text_layout"), Set.of());

  @Override
  public String name() {
    return "recraft";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return CAPABILITIES;
  }

  @Override
  protected String[] keyEnv() {
    return new String[] {"RECRAFT_API_KEY"};
  }

  @Override
  protected String[] baseEnv() {
    return new String[] {"RECRAFT_API_BASE"};
  }

  @Override
  protected String defaultBase() {
    return "https://external.api.recraft.ai";
  }

  @Override
  protected String path() {
    return "/v1/images/generations";
  }
}
