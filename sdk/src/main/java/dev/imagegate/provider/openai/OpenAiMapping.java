package dev.imagegate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Size;
import dev.imagegate.Usage;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Pure mapping between imagegate's request/response and OpenAI's images JSON. Public so that OpenAI-shaped providers
 * (Azure, Xinference, Nscale, Recraft) reuse it.
 */
public final class OpenAiMapping {
  private OpenAiMapping() {
  }

  /**
   * The request body. {@code model} may be null (Azure's deployment route). {@code sizeOnWire} writes the size in
   * the server's spelling. Extras go in last, verbatim, at the top level.
   */
  public static ObjectNode toBody(ImageRequest request, String model, Capabilities caps,
                                  Function<Size, String> sizeOnWire, Map<String, Object> extras) {
    ObjectNode body = Json.object();
    if (model != null) {
      body.put("model", model);
    }
    body.put("prompt", request.prompt());
    if (request.n() != null) {
      body.put("n", request.n());
    }
    if (request.size() != null) {
      body.put("size", sizeOnWire.apply(request.size()));
    }
    if (request.quality() != null) {
      body.put("quality", request.quality());
    }
    if (request.style() != null) {
      body.put("style", request.style());
    }
    if (request.responseFormat() != null && caps.sendsResponseFormat()
        && caps.nativeFormats().contains(request.responseFormat())) {
      body.put("response_format", request.responseFormat().wire());
    }
    if (request.user() != null) {
      body.put("user", request.user());
    }
    extras.forEach((key, value) -> body.set(key, Json.toTree(value)));
    return body;
  }

  /**
   * Maps a 200 body to a response. Returns null {@code data} items as a failure to the caller: this throws
   * {@link IllegalArgumentException} describing what is missing, which providers turn into UpstreamProtocol.
   */
  public static ImageResponse fromResponse(JsonNode json, String provider, String model, long now,
                                           ImageData.Fetcher fetcher) {
    OpenAiWire.ImagesResponse wire;
    try {
      wire = Json.MAPPER.treeToValue(json, OpenAiWire.ImagesResponse.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("an images response object with a data array", e);
    }
    if (wire.data() == null || wire.data().isEmpty()) {
      throw new IllegalArgumentException("a non-empty data array of images");
    }
    List<ImageData> images = new ArrayList<>();
    for (OpenAiWire.Item item : wire.data()) {
      if (item == null) {
        throw new IllegalArgumentException("data items that are objects with b64_json or url");
      }
      if (item.b64Json() != null && !item.b64Json().isEmpty()) {
        images.add(ImageData.ofBase64(item.b64Json(), item.revisedPrompt()));
      } else if (item.url() != null && !item.url().isEmpty()) {
        images.add(ImageData.ofUrl(item.url(), item.revisedPrompt(), fetcher));
      } else {
        throw new IllegalArgumentException("each data item to carry b64_json or url");
      }
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    putIfPresent(fields, "background", wire.background());
    putIfPresent(fields, "output_format", wire.outputFormat());
    putIfPresent(fields, "quality", wire.quality());
    putIfPresent(fields, "size", wire.size());
    long created = wire.created() == null ? now : wire.created();
    return ImageResponse.of(created, images, usage(wire.usage()), fields, provider, model);
  }

  static Usage usage(OpenAiWire.WireUsage wire) {
    if (wire == null) {
      return Usage.NONE;
    }
    long input = tokens(wire.inputTokens());
    long output = tokens(wire.outputTokens());
    long total = wire.totalTokens() == null ? input + output : tokens(wire.totalTokens());
    Usage.InputTokensDetails details = wire.inputTokensDetails() == null
        ? new Usage.InputTokensDetails(input, 0)
        : new Usage.InputTokensDetails(tokens(wire.inputTokensDetails().textTokens()),
            tokens(wire.inputTokensDetails().imageTokens()));
    return new Usage(input, details, output, total);
  }

  /** Whole tokens; fractions from a provider are rounded half up. */
  public static long tokens(BigDecimal value) {
    return value == null ? 0 : value.setScale(0, RoundingMode.HALF_UP).longValue();
  }

  private static void putIfPresent(Map<String, Object> fields, String key, String value) {
    if (value != null) {
      fields.put(key, value);
    }
  }
}
