package dev.imagegate.provider.openai;

import dev.imagegate.Operation;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.InputLimits;
import dev.imagegate.provider.ProviderCall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI Images API, {@code POST https://api.openai.com/v1/images/generations}. With an {@code api_base} and a model
 * name OpenAI does not have, any OpenAI-compatible server: such names get permissive capabilities and every field is
 * forwarded as given. Catalogued models (and their dated snapshots) get the catalogue's rules.
 */
public final class OpenAiProvider extends OpenAiShapedProvider {
  private static final Set<String> SETTINGS = Set.of("organization", "project");

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return call.entry().map(found -> found.entry().capabilities()).orElseGet(OpenAiProvider::compatible)
        .withSettings(SETTINGS);
  }

  /**
   * A model OpenAI does not have, on an OpenAI-compatible server: anything goes, edits and variations included
   * (multipart passed through; the server's own 400 names what it refuses).
   */
  static Capabilities compatible() {
    return Capabilities.permissive().withOperation(Operation.EDIT, InputLimits.PERMISSIVE)
        .withOperation(Operation.VARIATION, InputLimits.PERMISSIVE.withMask(InputLimits.Mask.NONE));
  }

  @Override
  protected String[] keyEnv() {
    return new String[] {"OPENAI_API_KEY"};
  }

  /** OpenAI itself needs a key; a compatible server at another base may run without auth. */
  @Override
  protected boolean keyRequired(ProviderCall call) {
    return call.apiBase(defaultBase(), baseEnv()).equals(defaultBase());
  }

  @Override
  protected String[] baseEnv() {
    return new String[] {"OPENAI_API_BASE", "OPENAI_BASE_URL"};
  }

  @Override
  protected String defaultBase() {
    return "https://api.openai.com/v1";
  }

  @Override
  protected Map<String, String> extraHeaders(ProviderCall call) {
    Map<String, String> headers = new LinkedHashMap<>();
    call.setting("organization", "OPENAI_ORGANIZATION").ifPresent(v -> headers.put("OpenAI-Organization", v));
    call.setting("project", "OPENAI_PROJECT").ifPresent(v -> headers.put("OpenAI-Project", v));
    return headers;
  }
}
