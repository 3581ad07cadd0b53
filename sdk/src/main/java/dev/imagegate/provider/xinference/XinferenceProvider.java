package dev.imagegate.provider.xinference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.imagegate.Size;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;

/**
 * Xinference's OpenAI-compatible REST API, {@code POST {base}/images/generations} with base
 * {@code http://127.0.0.1:9997/v1}. The model is the launched model uid; sizes are sent as {@code W*H} as
 * Xinference's own client does. Its request schema is {@code model, prompt, n, response_format, size, kwargs, user}
 * and it ignores any other top-level field, so native extras ({@code negative_prompt}, {@code seed}, ...) go inside
 * {@code kwargs} as a JSON string, as its client sends them ({@code xinference/api/schemas/requests.py}).
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

  /**
   * Every extra inside {@code kwargs}, a JSON string. A {@code kwargs} the caller gives (a JSON string or a mapping)
   * is merged with the other extras, which win.
   */
  @Override
  protected Map<String, Object> bodyExtras(ProviderCall call, Capabilities caps) {
    Map<String, Object> extras = new LinkedHashMap<>(call.bodyExtras(caps.settings()));
    if (extras.isEmpty()) {
      return extras;
    }
    Map<String, Object> kwargs = new LinkedHashMap<>(given(extras.remove("kwargs"), call));
    kwargs.putAll(extras);
    return Map.of("kwargs", Json.writeString(kwargs));
  }

  private static Map<String, Object> given(Object kwargs, ProviderCall call) {
    if (kwargs == null) {
      return Map.of();
    }
    JsonNode tree = kwargs instanceof String text ? parse(text, call) : Json.toTree(kwargs);
    if (!tree.isObject()) {
      throw new BadRequest("kwargs must be a mapping (or a JSON object string) of Xinference keyword arguments",
          "kwargs", call.details());
    }
    return Json.MAPPER.convertValue(tree, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
    });
  }

  private static JsonNode parse(String text, ProviderCall call) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest("kwargs is not valid JSON: " + e.getOriginalMessage(), "kwargs", call.details());
    }
  }

  @Override
  protected String sizeOnWire(Size size) {
    return size instanceof Size.Pixels pixels ? pixels.width() + "*" + pixels.height() : size.wire();
  }
}
