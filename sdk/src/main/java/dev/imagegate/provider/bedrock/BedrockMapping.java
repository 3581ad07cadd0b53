package dev.imagegate.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Size;
import dev.imagegate.Usage;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.AspectRatios;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderHttp;
import dev.imagegate.provider.bedrock.BedrockModels.Family;
import dev.imagegate.provider.bedrock.BedrockModels.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure mapping between imagegate's request/response and the InvokeModel JSON of each Bedrock image family.
 * Provider-native extras go into the body last: objects are merged into the body's objects of the same name, anything
 * else is set verbatim.
 */
final class BedrockMapping {
  /** Top-level extras that belong inside Titan's and Nova's {@code imageGenerationConfig}. */
  private static final List<String> IMAGE_CONFIG_EXTRAS = List.of("numberOfImages", "width", "height", "cfgScale",
      "seed");

  private BedrockMapping() {
  }

  /**
   * Maps a 200 body to a response. A refusal the body reports (SDXL {@code CONTENT_FILTERED}, an SD3-family
   * {@code Filter reason}, a Titan/Nova {@code error} saying the content was blocked) is a
   * {@link ContentPolicyViolation}; any other reported failure or an answer without images is
   * {@link UpstreamProtocol}. {@code details} names the call and the upstream status. Stability's {@code seeds} are
   * kept as the response field {@code seeds}.
   */
  static ImageResponse fromResponse(Family family, JsonNode json, Details details, String model, long created) {
    String expected = switch (family) {
      case SDXL -> "artifacts[].base64";
      case STABILITY -> "images[] and finish_reasons[]";
      case TITAN, NOVA_CANVAS -> "images[]";
      case NOVA_MESSAGES -> "output.message.content[].image";
    };
    if (family == Family.NOVA_MESSAGES) {
      return BedrockMessages.fromResponse(read(json, BedrockWire.MessagesResponse.class, details, expected), json,
          details, model, created);
    }
    Map<String, Object> fields = Map.of();
    if (family == Family.STABILITY) {
      BedrockWire.StabilityResponse wire = read(json, BedrockWire.StabilityResponse.class, details, expected);
      if (wire.seeds() != null && !wire.seeds().isEmpty()) {
        fields = Map.of("seeds", List.copyOf(wire.seeds()));
      }
    }
    List<ImageData> images = switch (family) {
      case SDXL -> sdxlImages(read(json, BedrockWire.SdxlResponse.class, details, expected), details);
      case STABILITY -> stabilityImages(read(json, BedrockWire.StabilityResponse.class, details, expected), details);
      case TITAN, NOVA_CANVAS -> amazonImages(read(json, BedrockWire.AmazonResponse.class, details, expected),
          details);
      case NOVA_MESSAGES -> throw new IllegalStateException("mapped above");
    };
    if (images.isEmpty()) {
      throw new UpstreamProtocol("bedrock answered without images: expected " + expected + ", got "
          + ProviderHttp.snippet(Json.write(json)), details, null);
    }
    return ImageResponse.of(created, images, Usage.NONE, fields, "bedrock", model);
  }

  private static List<ImageData> sdxlImages(BedrockWire.SdxlResponse wire, Details details) {
    List<ImageData> images = new ArrayList<>();
    for (BedrockWire.Artifact artifact : wire.artifacts() == null ? List.<BedrockWire.Artifact>of()
        : wire.artifacts()) {
      String reason = artifact == null ? null : artifact.finishReason();
      if ("CONTENT_FILTERED".equals(reason)) {
        throw refused("bedrock filtered the image (finishReason CONTENT_FILTERED)", reason, details);
      }
      if ("ERROR".equals(reason)) {
        throw new UpstreamProtocol("bedrock failed to draw the image (finishReason ERROR)", with(details, reason),
            null);
      }
      if (artifact != null && artifact.base64() != null && !artifact.base64().isEmpty()) {
        images.add(ImageData.ofBase64(artifact.base64(), null));
      }
    }
    return images;
  }

  private static List<ImageData> stabilityImages(BedrockWire.StabilityResponse wire, Details details) {
    for (String reason : wire.finishReasons() == null ? List.<String>of() : wire.finishReasons()) {
      if (reason != null && BedrockErrors.saysFiltered(reason)) {
        throw refused("bedrock refused the image: " + reason, reason, details);
      }
      if (reason != null) {
        throw new UpstreamProtocol("bedrock failed to draw the image: " + reason, with(details, reason), null);
      }
    }
    return base64Images(wire.images());
  }

  private static List<ImageData> amazonImages(BedrockWire.AmazonResponse wire, Details details) {
    String error = wire.error();
    if (error != null && !error.isBlank()) {
      if (BedrockErrors.saysFiltered(error)) {
        throw refused("bedrock refused the image: " + error, error, details);
      }
      throw new UpstreamProtocol("bedrock reported an error: " + error, with(details, error), null);
    }
    return base64Images(wire.images());
  }

  private static List<ImageData> base64Images(List<String> images) {
    List<ImageData> out = new ArrayList<>();
    for (String image : images == null ? List.<String>of() : images) {
      if (image != null && !image.isEmpty()) {
        out.add(ImageData.ofBase64(image, null));
      }
    }
    return out;
  }

  static <T> T read(JsonNode json, Class<T> type, Details details, String expected) {
    try {
      return Json.MAPPER.treeToValue(json, type);
    } catch (Exception e) {
      throw new UpstreamProtocol("bedrock answered with an unexpected body: expected " + expected
          + ", got " + ProviderHttp.snippet(Json.write(json)), details, e);
    }
  }

  static ContentPolicyViolation refused(String message, String reason, Details details) {
    return new ContentPolicyViolation(message, with(details, reason));
  }

  static Details with(Details details, String providerMessage) {
    return new Details(details.provider(), details.model(), details.upstreamStatus(), providerMessage,
        details.requestId());
  }

  /** The body for one call of {@code model}; {@code name} (e.g. {@code bedrock/...}) is for error messages. */
  static ObjectNode toBody(Model model, ImageRequest request, Map<String, Object> extras, String name) {
    Map<String, Object> rest = new LinkedHashMap<>(extras);
    ObjectNode body = switch (model.family()) {
      case SDXL -> sdxl(request, rest);
      case STABILITY -> stability(request, model.ratios());
      case TITAN, NOVA_CANVAS -> amazon(model.family(), request, rest, name);
      case NOVA_MESSAGES -> BedrockMessages.toBody(request);
    };
    merge(body, rest);
    return body;
  }

  /**
   * The body of parallel call {@code index} (SDXL and the SD3 family draw one image per call): call 0 sends
   * {@code body} as is; later calls add {@code index} to an explicit {@code seed}, so n images differ but stay
   * reproducible.
   */
  static ObjectNode forCall(ObjectNode body, int index) {
    JsonNode seed = body.get("seed");
    if (index == 0 || seed == null || !seed.isIntegralNumber()) {
      return body;
    }
    ObjectNode copy = body.deepCopy();
    copy.put("seed", (seed.asLong() + index) % (1L << 32));
    return copy;
  }

  private static ObjectNode sdxl(ImageRequest request, Map<String, Object> rest) {
    ObjectNode body = Json.object();
    ArrayNode prompts = body.putArray("text_prompts");
    prompts.addObject().put("text", request.prompt()).put("weight", 1.0);
    Object negative = rest.remove("negative_prompt");
    if (negative != null) {
      prompts.addObject().put("text", negative.toString()).put("weight", -1.0);
    }
    pixels(request.size()).ifPresent(size -> body.put("width", size.width()).put("height", size.height()));
    if (request.style() != null) {
      body.put("style_preset", request.style());
    }
    return body;
  }

  /** Stable Image / SD3 text-to-image: AWS documents no {@code mode} field for it, so none is sent. */
  private static ObjectNode stability(ImageRequest request, List<String> ratios) {
    ObjectNode body = Json.object();
    body.put("prompt", request.prompt());
    String ratio = AspectRatios.nearest(request.size(), ratios);
    if (ratio != null) {
      body.put("aspect_ratio", ratio);
    }
    return body;
  }

  private static ObjectNode amazon(Family family, ImageRequest request, Map<String, Object> rest, String name) {
    ObjectNode body = Json.object();
    body.put("taskType", "TEXT_IMAGE");
    ObjectNode text = body.putObject("textToImageParams");
    text.put("text", request.prompt());
    Object negative = rest.containsKey("negativeText") ? rest.remove("negativeText") : rest.get("negative_prompt");
    rest.remove("negative_prompt");
    if (negative != null) {
      text.put("negativeText", negative.toString());
    }
    if (family == Family.NOVA_CANVAS && request.style() != null) {
      text.put("style", request.style());
    }
    body.set("imageGenerationConfig", imageConfig(family, request, rest, name));
    return body;
  }

  private static ObjectNode imageConfig(Family family, ImageRequest request, Map<String, Object> rest, String name) {
    ObjectNode config = Json.object();
    config.put("numberOfImages", request.count());
    Optional<Size.Pixels> size = pixels(request.size());
    size.ifPresent(pixels -> config.put("width", pixels.width()).put("height", pixels.height()));
    if (request.quality() != null) {
      config.put("quality", BedrockModels.PREMIUM_QUALITIES.contains(request.quality()) ? "premium" : "standard");
    }
    for (String key : IMAGE_CONFIG_EXTRAS) {
      if (rest.containsKey(key)) {
        config.set(key, Json.toTree(rest.remove(key)));
      }
    }
    return config;
  }

  static Optional<Size.Pixels> pixels(Size size) {
    return size instanceof Size.Pixels pixels ? Optional.of(pixels) : Optional.empty();
  }

  /** Sets each extra on {@code body}, merging JSON objects into existing objects key by key. */
  static void merge(ObjectNode body, Map<String, Object> extras) {
    extras.forEach((key, value) -> mergeField(body, key, Json.toTree(value)));
  }

  private static void mergeField(ObjectNode target, String key, JsonNode value) {
    JsonNode existing = target.get(key);
    if (existing instanceof ObjectNode object && value.isObject()) {
      value.fields().forEachRemaining(field -> mergeField(object, field.getKey(), field.getValue()));
    } else {
      target.set(key, value);
    }
  }
}
