package dev.imagegate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.Size;
import dev.imagegate.Usage;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.Multipart;
import java.io.IOException;
import java.io.UncheckedIOException;
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
   * The multipart form of an edit or variation, OpenAI's {@code /images/edits} and {@code /images/variations}: text
   * fields as {@link #toBody} writes them (the prompt only for edits; extras as text, JSON for structured values), then
   * the images ({@code image} for one, {@code image[]} for several, as OpenAI's own clients send them) and the mask.
   */
  public static Multipart toForm(ImageRequest request, String model, Capabilities caps,
                                 Function<Size, String> sizeOnWire, Map<String, Object> extras, Multipart form) {
    ObjectNode fields = toBody(request, model, caps, sizeOnWire, extras);
    if (request.operation() == Operation.VARIATION) {
      fields.remove("prompt");
      fields.remove("quality");
      fields.remove("style");
    }
    fields.properties().forEach(field -> form.field(field.getKey(),
        field.getValue().isTextual() ? field.getValue().asText() : Json.writeString(field.getValue())));
    String imageField = request.images().size() > 1 ? "image[]" : "image";
    request.images().forEach(image -> form.file(imageField, image));
    if (request.mask() != null) {
      form.file("mask", request.mask());
    }
    return form;
  }

  /**
   * Maps a 200 body to a response in one streaming pass (base64 is never copied into a {@code String}).
   *
   * @throws IOException when the body is not valid JSON
   * @throws IllegalArgumentException describing what is missing when it is JSON but not an images response; providers
   *     turn it into {@code UpstreamProtocol}
   */
  public static ImageResponse fromBody(byte[] body, String provider, String model, long now,
                                       ImageData.Fetcher fetcher) throws IOException {
    return OpenAiResponseReader.read(body, provider, model, now, fetcher);
  }

  /** {@link #fromBody} for a parsed tree. */
  public static ImageResponse fromResponse(JsonNode json, String provider, String model, long now,
                                           ImageData.Fetcher fetcher) {
    try {
      return fromBody(Json.write(json), provider, model, now, fetcher);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
        : inputDetails(wire.inputTokensDetails());
    OpenAiWire.TokenDetails out = wire.outputTokensDetails();
    Usage.OutputTokensDetails outDetails = out == null ? Usage.OutputTokensDetails.NONE
        : new Usage.OutputTokensDetails(tokens(out.imageTokens()), tokens(out.textTokens()), 0);
    return new Usage(input, details, output, total, outDetails);
  }

  /**
   * Text and image input with their cached parts. When {@code cached_tokens} is not split by
   * {@code cached_tokens_details}, the cached tokens are counted against text input first, then image input.
   */
  private static Usage.InputTokensDetails inputDetails(OpenAiWire.TokenDetails wire) {
    long text = tokens(wire.textTokens());
    long image = tokens(wire.imageTokens());
    if (wire.cachedTokensDetails() != null) {
      return new Usage.InputTokensDetails(text, image, tokens(wire.cachedTokensDetails().textTokens()),
          tokens(wire.cachedTokensDetails().imageTokens()));
    }
    long cached = tokens(wire.cachedTokens());
    long cachedText = Math.min(cached, text);
    return new Usage.InputTokensDetails(text, image, cachedText, Math.min(cached - cachedText, image));
  }

  /**
   * Whole tokens; fractions from a provider are rounded half up, and a count beyond a long's range saturates (never
   * wraps around into a plausible number), for the caller to refuse.
   */
  public static long tokens(BigDecimal value) {
    if (value == null) {
      return 0;
    }
    BigDecimal whole = value.setScale(0, RoundingMode.HALF_UP);
    if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Long.MAX_VALUE;
    }
    return whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 ? Long.MIN_VALUE : whole.longValue();
  }

  private static void putIfPresent(Map<String, Object> fields, String key, String value) {
    if (value != null) {
      fields.put(key, value);
    }
  }
}
