package dev.imagegate.provider.xinference;

import dev.imagegate.Size;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;

/**
 * Xinference's OpenAI-compatible REST API, {@code POST {base}/images/generations} with base
 * {@code http://127.0.0.1:9997/v1}. The model is the launched model uid; sizes are sent as {@code W*H} as
 * Xinference's own client does; extra kwargs ({@code negative_prompt}, {@code seed}, ...) pass through.
 */
public final class XinferenceProvider extends OpenAiShapedProvider {
  @Override
  public String name() {
    return "xinference";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return Capabilities.permissive();
  }

  @Override
  protected String[] keyEnv() {
    return new String[] {"XINFERENCE_API_KEY"};
  }

  /** Xinference runs without auth unless it was started with it. */
  @Override
  protected boolean keyRequired(ProviderCall call) {
    return false;
  }

  @Override
  protected String[] baseEnv() {
    return new String[] {"XINFERENCE_API_BASE"};
  }

  @Override
  protected String defaultBase() {
    return "http://127.0.0.1:9997/v1";
  }

  @Override
  protected String sizeOnWire(Size size) {
    return size instanceof Size.Pixels pixels ? pixels.width() + "*" + pixels.height() : size.wire();
  }
}
