package dev.imagegate.provider.recraft;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Recraft's image API, {@code POST https://external.api.recraft.ai/v1/images/generations}: OpenAI-shaped with its
 * own styles ({@code realistic_image}, {@code vector_illustration}, ...), {@code substyle}, {@code controls}. Vector
 * styles return SVG, which is kept as bytes. Edits use its multipart tools ({@code imageToImage}, {@code inpaint},
 * {@code replaceBackground}, {@code generateBackground}: recraft.ai/docs/api-reference/tools).
 */
public final class RecraftProvider extends OpenAiShapedProvider {
  static final String TOOL = "recraft_tool";
  static final Set<String> SETTINGS = Set.of(TOOL);
  static final List<String> TOOLS = List.of("imageToImage", "inpaint", "replaceBackground", "generateBackground");

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
            call.catalog().known("recraft")), call.details())).withSettings(SETTINGS);
  }

  /**
   * Recraft's edit tools: with a mask, {@code /v1/images/inpaint}; without, {@code /v1/images/imageToImage} (its
   * {@code strength} is an extra); the {@code recraft_tool} setting picks another: {@code replaceBackground} (no
   * mask) or {@code generateBackground} (mask over the background).
   */
  @Override
  protected URI editEndpoint(ProviderCall call) {
    String tool = call.setting(TOOL).orElse(call.request().mask() != null ? "inpaint" : "imageToImage");
    if (!TOOLS.contains(tool)) {
      throw new BadRequest("Invalid recraft_tool '" + tool + "': allowed values are " + String.join(", ", TOOLS),
          TOOL, call.details());
    }
    boolean masked = tool.equals("inpaint") || tool.equals("generateBackground");
    if (masked != (call.request().mask() != null)) {
      throw new BadRequest("Recraft's " + tool + (masked ? " needs a mask" : " takes no mask"), "mask",
          call.details());
    }
    return URI.create(call.apiBase(defaultBase(), baseEnv()) + "/v1/images/" + tool);
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
