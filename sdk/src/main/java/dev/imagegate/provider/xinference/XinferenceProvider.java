package dev.imagegate.provider.xinference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.imagegate.Size;
import dev.imagegate.ImageRequest;
import dev.imagegate.Operation;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.InputLimits;
import dev.imagegate.provider.Multipart;
import dev.imagegate.provider.openai.OpenAiMapping;
import java.net.URI;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;

/**
 * Xinference's OpenAI-compatible REST API, {@code POST {base}/images/generations} with base
 * {@code http://127.0.0.1:9997/v1}. The model is the launched model uid; sizes are sent as {@code W*H} as
 * Xinference's own client does. Its request schema is {@code model, prompt, n, response_format, size, kwargs, user}
 * and it ignores any other top-level field, so native extras ({@code negative_prompt}, {@code seed}, ...) go inside
 * {@code kwargs} as a JSON string, as its client sends them ({@code xinference/api/schemas/requests.py}). Edits and
 * variations use its multipart {@code /images/variations} and {@code /images/inpainting} ({@code xinference/api/
 * restful_api.py}).
 */
public final class XinferenceProvider extends OpenAiShapedProvider {
  @Override
  public String name() {
    return "xinference";
  }

  /**
   * Anything goes (the launched model decides). Edits are image-to-image ({@code /images/variations} with a prompt)
   * or, with a mask, inpainting ({@code /images/inpainting}, mask as {@code mask_image}); one input image each.
   */
  @Override
  public Capabilities capabilities(ProviderCall call) {
    InputLimits one = InputLimits.PERMISSIVE.withMaxImages(1).withMask(InputLimits.Mask.OPTIONAL);
    return Capabilities.permissive()
        .withOperation(Operation.EDIT, new InputLimits(1, InputLimits.Mask.OPTIONAL, InputLimits.RASTER,
            50 * InputLimits.MB, InputLimits.MaskRule.SAME_SIZE, false, null, null, null, null))
        .withOperation(Operation.VARIATION, one.withMask(InputLimits.Mask.NONE));
  }

  /** Inpainting with a mask, else image-to-image. */
  @Override
  protected URI editEndpoint(ProviderCall call) {
    return sibling(endpoint(call), call.request().mask() != null ? "/images/inpainting" : "/images/variations");
  }

  /** OpenAI's form, but the mask goes as {@code mask_image} and the prompt is kept for image-to-image. */
  @Override
  protected Multipart form(ProviderCall call, Capabilities caps) {
    ImageRequest request = call.request();
    Multipart form = new Multipart();
    ImageRequest fields = request.toBuilder().mask(null).build();
    OpenAiMapping.toForm(fields, wireModel(call), caps, this::sizeOnWire, bodyExtras(call, caps), form);
    if (request.mask() != null) {
      form.file("mask_image", request.mask());
    }
    return form;
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
