package dev.imagegate.provider.nscale;

import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;

/**
 * Nscale's OpenAI-compatible inference API, {@code POST https://inference.api.nscale.com/v1/images/generations}.
 * Models are {@code org/model} (e.g. {@code black-forest-labs/FLUX.1-schnell}). Its size list is not documented, so
 * capabilities are permissive and Nscale's own 400 names a bad value.
 */
public final class NscaleProvider extends OpenAiShapedProvider {
  @Override
  public String name() {
    return "nscale";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return call.entry().map(found -> found.entry().capabilities()).orElseGet(Capabilities::permissive);
  }

  @Override
  protected String[] keyEnv() {
    return new String[] {"NSCALE_API_KEY", "NSCALE_SERVICE_TOKEN"};
  }

  @Override
  protected String[] baseEnv() {
    return new String[] {"NSCALE_API_BASE"};
  }

  @Override
  protected String defaultBase() {
    return "https://inference.api.nscale.com/v1";
  }
}
