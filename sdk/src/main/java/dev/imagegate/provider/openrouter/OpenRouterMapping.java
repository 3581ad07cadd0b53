package dev.imagegate.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.provider.InlineJson;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.provider.AspectRatios;
import dev.imagegate.provider.ImageSizes;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.openai.OpenAiMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Pure mapping between imagegate's request/response and OpenRouter's chat completions with image output. */
final class OpenRouterMapping {
  /**
   * What the catalogue says about one OpenRouter model: the aspect ratios {@code image_config.aspect_ratio} takes (a
   * size is sent as the nearest), its output resolutions ({@code image_config.image_size}, picked by quality), and
   * whether it outputs images only ({@code modalities: ["image"]}) or images and text.
   */
  record Rules(List<String> ratios, List<String> imageSizes, boolean imageOnly) {
    static Rules of(ProviderCall call) {
      return of(call.catalog(), call.model());
    }

    static Rules of(Catalog catalog, String model) {
      return catalog.find("openrouter", model).map(found -> new Rules(found.entry().aspectRatios(),
          found.entry().imageSizes(), "image_only".equals(found.entry().api())))
          .orElse(new Rules(List.of(), List.of(), false));
    }
  }

  /**
   * Upstream finish reasons (Gemini's, passed through as {@code native_finish_reason}) that mean a safety system
   * blocked the image. Not listed by OpenRouter's docs: an educated list, kept here to be easy to change.
   */
  static final Set<String> SAFETY_FINISH_REASONS = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT",
      "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII");

  private static final String BASE64_MARK = ";base64,";

  private OpenRouterMapping() {
  }

  /**
   * The request body: the prompt as one user message, image output (and text, unless the model outputs images
   * only), the size as the nearest aspect ratio, the quality as an image size where the model has them, usage
   * accounting on. Extras go in last at the top level; an {@code image_config} extra is merged with ours.
   */
  /** {@link #toBody(ImageRequest, String, Map, Rules)} with the bundled catalogue's rules for {@code model}. */
  static ObjectNode toBody(ImageRequest request, String model, Map<String, Object> extras) {
    return toBody(request, model, extras, Rules.of(Catalog.bundled(), model));
  }

  /**
   * An edit: {@link #toBody} with the user message's content as parts, the prompt first (as OpenRouter recommends)
   * then each input image as an {@code image_url} part whose URL is a base64 data URI streamed by {@code inline}.
   */
  static ObjectNode toEditBody(ImageRequest request, String model, Map<String, Object> extras, Rules rules,
                               InlineJson inline) {
    ObjectNode body = toBody(request, model, extras, rules);
    ObjectNode message = (ObjectNode) body.path("messages").path(0);
    ArrayNode content = Json.MAPPER.createArrayNode();
    content.addObject().put("type", "text").put("text", request.prompt());
    for (InputImage image : request.images()) {
      content.addObject().put("type", "image_url").putObject("image_url")
          .put("url", inline.placeholder("data:" + image.format().mimeType() + ";base64,", image));
    }
    message.set("content", content);
    return body;
  }

  static ObjectNode toBody(ImageRequest request, String model, Map<String, Object> extras, Rules rules) {
    ObjectNode body = Json.object();
    body.put("model", model);
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    message.put("content", request.prompt());
    ArrayNode modalities = body.putArray("modalities").add("image");
    if (!rules.imageOnly()) {
      modalities.add("text");
    }
    String ratio = AspectRatios.nearest(request.size(), rules.ratios());
    if (ratio != null) {
      body.putObject("image_config").put("aspect_ratio", ratio);
    }
    String imageSize = ImageSizes.forQuality(rules.imageSizes(), request.quality());
    if (imageSize != null) {
      ObjectNode config = body.has("image_config") ? (ObjectNode) body.get("image_config")
          : body.putObject("image_config");
      config.put("image_size", imageSize);
    }
    body.putObject("usage").put("include", true);
    if (request.user() != null) {
      body.put("user", request.user());
    }
    extras.forEach((key, value) -> {
      JsonNode tree = Json.toTree(value);
      if (key.equals("image_config") && tree.isObject() && body.has("image_config")) {
        ((ObjectNode) body.get("image_config")).setAll((ObjectNode) tree);
      } else {
        body.set(key, tree);
      }
    });
    return body;
  }

  /**
   * Every image of every choice, in order: a base64 data URI becomes {@code b64_json} (the part after
   * {@code base64,}), an http(s) URL stays a URL fetched with {@code fetcher}.
   *
   * @throws IllegalArgumentException saying what was expected when an image entry is malformed
   */
  static List<ImageData> images(OpenRouterWire.ChatResponse wire, ImageData.Fetcher fetcher) {
    List<ImageData> images = new ArrayList<>();
    for (OpenRouterWire.Choice choice : wire.choices() == null ? List.<OpenRouterWire.Choice>of() : wire.choices()) {
      if (choice == null || choice.message() == null || choice.message().images() == null) {
        continue;
      }
      for (OpenRouterWire.Image image : choice.message().images()) {
        images.add(image(image, fetcher));
      }
    }
    return images;
  }

  private static ImageData image(OpenRouterWire.Image image, ImageData.Fetcher fetcher) {
    String url = image == null || image.imageUrl() == null ? null : image.imageUrl().url();
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("each images[] entry to carry image_url.url");
    }
    if (url.startsWith("data:")) {
      int mark = url.indexOf(BASE64_MARK);
      if (mark < 0 || url.indexOf(',') != mark + BASE64_MARK.length() - 1) {
        throw new IllegalArgumentException("data URIs in base64 (data:image/...;base64,...)");
      }
      return ImageData.ofBase64(url.substring(mark + BASE64_MARK.length()), null);
    }
    if (url.startsWith("https://") || url.startsWith("http://")) {
      return ImageData.ofUrl(url, null, fetcher);
    }
    throw new IllegalArgumentException("image URLs that are data: URIs or http(s) URLs");
  }

  /** Why no image came back, when the answer says a safety system or the model refused; else empty. */
  static Optional<String> refusal(OpenRouterWire.ChatResponse wire) {
    for (OpenRouterWire.Choice choice : wire.choices() == null ? List.<OpenRouterWire.Choice>of() : wire.choices()) {
      if (choice == null) {
        continue;
      }
      if (choice.message() != null && text(choice.message().refusal()) != null) {
        return Optional.of("the model refused: " + text(choice.message().refusal()));
      }
      if ("content_filter".equals(choice.finishReason())) {
        return Optional.of("finish_reason content_filter");
      }
      if (choice.nativeFinishReason() != null && SAFETY_FINISH_REASONS.contains(choice.nativeFinishReason())) {
        return Optional.of("the upstream model stopped with " + choice.nativeFinishReason());
      }
    }
    return Optional.empty();
  }

  /** The text the model wrote instead of (or beside) images, or null. */
  static String content(OpenRouterWire.ChatResponse wire) {
    for (OpenRouterWire.Choice choice : wire.choices() == null ? List.<OpenRouterWire.Choice>of() : wire.choices()) {
      if (choice != null && choice.message() != null && text(choice.message().content()) != null) {
        return text(choice.message().content());
      }
    }
    return null;
  }

  /** The response: {@code images}, the usage, and {@code usage.cost} as the provider-reported cost when present. */
  static ImageResponse toResponse(OpenRouterWire.ChatResponse wire, List<ImageData> images, String model, long now) {
    long created = wire.created() == null ? now : wire.created();
    ImageResponse response = ImageResponse.of(created, images, usage(wire.usage()), Map.of(), "openrouter", model);
    return wire.usage() != null && wire.usage().cost() != null
        ? response.withCost(Cost.reported(wire.usage().cost()))
        : response;
  }

  static Usage usage(OpenRouterWire.Usage wire) {
    if (wire == null) {
      return Usage.NONE;
    }
    long input = OpenAiMapping.tokens(wire.promptTokens());
    long output = OpenAiMapping.tokens(wire.completionTokens());
    long total = wire.totalTokens() == null ? input + output : OpenAiMapping.tokens(wire.totalTokens());
    return new Usage(input, new Usage.InputTokensDetails(input, 0), output, total);
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    String value = node.isTextual() ? node.asText() : node.toString();
    return value.isBlank() ? null : value;
  }
}
