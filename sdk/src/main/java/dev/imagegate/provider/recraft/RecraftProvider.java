package dev.imagegate.provider.recraft;

import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;

/**
 * Recraft's image API, {@code POST https://external.api.recraft.ai/v1/images/generations}: OpenAI-shaped with its
 * own styles ({@code realistic_image}, {@code vector_illustration}, ...), {@code substyle}, {@code controls}. Vector
 * styles return SVG, which is kept as bytes.
 */
public final class RecraftProvider extends OpenAiShapedProvider {

  @Override
  public String name() {
    return "recraft";
  }

  /**
   * The model's catalogue entry: its sizes (lists, {@code w:h} ratios on V4), n range and styles (curated for V2/V3,
   * none on V4).
   *
   * @throws NotFound for a model the catalogue does not know, listing those it does
   */
  @Override
  public Capabilities capabilities(ProviderCall call) {
    return call.entry().map(found -> found.entry().capabilities()).orElseThrow(() -> new NotFound(
        "Unknown Recraft model '" + call.model() + "': known models are " + String.join(", ",
            call.catalog().known("recraft")), call.details()));
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
