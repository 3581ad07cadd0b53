package dev.imagegate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.provider.InlineJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.provider.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure mapping between imagegate's request/response and Gemini's {@code :generateContent} JSON for image models, the
 * same on the Gemini API and Vertex AI. One call draws one image: the provider serves n > 1 with parallel calls.
 * Public so that the Vertex room reuses it.
 */
public final class GeminiImageMapping {
  /** Extras that are fields of the request itself; every other extra is a {@code generationConfig} field. */
  static final Set<String> TOP_LEVEL = Set.of("safetySettings", "systemInstruction", "tools", "toolConfig",
      "cachedContent", "labels");

  /** Finish reasons that mean Google's safety checks withheld the image. */
  static final Set<String> REFUSALS = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT",
      "IMAGE_PROHIBITED_CONTENT", "RECITATION", "IMAGE_RECITATION", "BLOCKLIST", "SPII");

  private GeminiImageMapping() {
  }

  /**
   * {@code {"contents": [{"role": "user", "parts": [{"text"}]}], "generationConfig": {"responseModalities":
   * ["TEXT", "IMAGE"], "imageConfig": {"aspectRatio", "imageSize"}}}}. Extras go in last, verbatim: top-level
   * request fields ({@link #TOP_LEVEL}) at the top, {@code generationConfig} and {@code imageConfig} objects merged
   * into theirs, anything else into {@code generationConfig}.
   */
  /**
   * An edit: {@link #toBody} with each input image after the prompt as an {@code inlineData} part
   * ({@code mimeType} by magic bytes, {@code data} a placeholder that {@code inline} streams as base64).
   */
  public static ObjectNode toEditBody(ImageRequest request, GoogleModel model, Map<String, Object> extras,
                                      InlineJson inline) {
    ObjectNode body = toBody(request, model, extras);
    ArrayNode parts = (ArrayNode) body.path("contents").path(0).path("parts");
    for (InputImage image : request.images()) {
      parts.addObject().putObject("inlineData").put("mimeType", image.format().mimeType())
          .put("data", inline.placeholder("", image));
    }
    return body;
  }

  public static ObjectNode toBody(ImageRequest request, GoogleModel model, Map<String, Object> extras) {
    ObjectNode body = Json.object();
    ObjectNode content = body.putArray("contents").addObject();
    content.put("role", "user");
    content.putArray("parts").addObject().put("text", request.prompt());
    ObjectNode config = body.putObject("generationConfig");
    config.putArray("responseModalities").add("TEXT").add("IMAGE");
    GoogleModel.AspectRatio ratio = model.aspectRatio(request.size());
    if (ratio != null) {
      imageConfig(config).put("aspectRatio", ratio.ratio());
    }
    String imageSize = model.imageSize(request.quality());
    if (imageSize != null) {
      imageConfig(config).put("imageSize", imageSize);
    }
    extras.forEach((key, value) -> place(body, config, key, Json.toTree(value)));
    return body;
  }

  private static void place(ObjectNode body, ObjectNode config, String key, JsonNode value) {
    if (TOP_LEVEL.contains(key)) {
      body.set(key, value);
    } else if (key.equals("generationConfig") && value.isObject()) {
      value.properties().forEach(field -> place(body, config, field.getKey(), field.getValue()));
    } else if (key.equals("imageConfig") && value.isObject()) {
      imageConfig(config).setAll((ObjectNode) value);
    } else {
      config.set(key, value);
    }
  }

  private static ObjectNode imageConfig(ObjectNode config) {
    JsonNode existing = config.get("imageConfig");
    return existing instanceof ObjectNode object ? object : config.putObject("imageConfig");
  }

  /**
   * Maps a 200 body: every inline image part becomes an image, the text parts (not thoughts) become its revised
   * prompt, {@code usageMetadata} becomes usage. A blocked prompt or a safety finish reason without an image is
   * {@link GoogleOutcome.Refused}; any other answer without an image is {@link GoogleOutcome.Malformed}.
   */
  public static GoogleOutcome fromResponse(JsonNode json, String provider, String model, long now) {
    GoogleWire.GenerateContentResponse wire;
    try {
      wire = Json.MAPPER.treeToValue(json, GoogleWire.GenerateContentResponse.class);
    } catch (Exception e) {
      return new GoogleOutcome.Malformed("a generateContent response object with candidates");
    }
    GoogleWire.PromptFeedback feedback = wire.promptFeedback();
    if (feedback != null && feedback.blockReason() != null) {
      return new GoogleOutcome.Refused("prompt blocked (" + feedback.blockReason() + ")"
          + suffix(feedback.blockReasonMessage()));
    }
    List<GoogleWire.Candidate> candidates = wire.candidates() == null ? List.of() : wire.candidates();
    List<GoogleWire.InlineData> inline = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (GoogleWire.Candidate candidate : candidates) {
      collect(candidate, inline, text);
    }
    if (inline.isEmpty()) {
      return withoutImage(candidates, text.toString().trim());
    }
    String revised = text.isEmpty() ? null : text.toString().trim();
    List<ImageData> images = inline.stream().map(part -> ImageData.ofBase64(part.data(), revised)).toList();
    return new GoogleOutcome.Images(ImageResponse.of(now, images, usage(wire.usageMetadata()), Map.of(), provider,
        model), List.of());
  }

  private static void collect(GoogleWire.Candidate candidate, List<GoogleWire.InlineData> inline,
                              StringBuilder text) {
    if (candidate == null || candidate.content() == null || candidate.content().parts() == null) {
      return;
    }
    for (GoogleWire.Part part : candidate.content().parts()) {
      if (part == null || Boolean.TRUE.equals(part.thought())) {
        continue;
      }
      if (part.inlineData() != null && part.inlineData().data() != null && !part.inlineData().data().isEmpty()) {
        inline.add(part.inlineData());
      } else if (part.text() != null && !part.text().isBlank()) {
        text.append(text.isEmpty() ? "" : " ").append(part.text().trim());
      }
    }
  }

  private static GoogleOutcome withoutImage(List<GoogleWire.Candidate> candidates, String text) {
    for (GoogleWire.Candidate candidate : candidates) {
      if (candidate != null && REFUSALS.contains(candidate.finishReason())) {
        return new GoogleOutcome.Refused("finishReason " + candidate.finishReason()
            + suffix(candidate.finishMessage()) + suffix(text));
      }
    }
    if (candidates.isEmpty()) {
      return new GoogleOutcome.Malformed("candidates with an inlineData image part");
    }
    String finish = candidates.get(0) == null ? null : candidates.get(0).finishReason();
    return new GoogleOutcome.Malformed("an inlineData image part, but the model finished with " + finish
        + (text.isEmpty() ? " and no text" : " and only text: '" + abbreviate(text) + "'"));
  }

  /**
   * Google's token counts as usage: prompt tokens split by modality; candidate tokens as output, their TEXT part as
   * text output and the rest as image output; thinking tokens apart.
   */
  static Usage usage(GoogleWire.UsageMetadata metadata) {
    if (metadata == null) {
      return Usage.NONE;
    }
    long input = orZero(metadata.promptTokenCount());
    long output = orZero(metadata.candidatesTokenCount());
    long total = metadata.totalTokenCount() == null ? input + output : metadata.totalTokenCount();
    long textTokens = input;
    long imageTokens = 0;
    if (metadata.promptTokensDetails() != null && !metadata.promptTokensDetails().isEmpty()) {
      textTokens = modality(metadata.promptTokensDetails(), "TEXT");
      imageTokens = modality(metadata.promptTokensDetails(), "IMAGE");
    }
    long thinking = orZero(metadata.thoughtsTokenCount());
    long imageOut = output;
    long textOut = 0;
    if (metadata.candidatesTokensDetails() != null && !metadata.candidatesTokensDetails().isEmpty()) {
      textOut = modality(metadata.candidatesTokensDetails(), "TEXT");
      imageOut = Math.max(0, output - textOut);
    }
    Usage.OutputTokensDetails outDetails = thinking == 0 && textOut == 0 ? Usage.OutputTokensDetails.NONE
        : new Usage.OutputTokensDetails(imageOut, textOut, thinking);
    return new Usage(input, new Usage.InputTokensDetails(textTokens, imageTokens), output + thinking, total,
        outDetails);
  }

  private static long modality(List<GoogleWire.ModalityTokens> details, String modality) {
    return details.stream().filter(d -> d != null && modality.equals(d.modality()))
        .mapToLong(d -> orZero(d.tokenCount())).sum();
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static String suffix(String message) {
    return message == null || message.isBlank() ? "" : ": " + abbreviate(message.trim());
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
