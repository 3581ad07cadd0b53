package dev.imagegate.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Messages shape Nova 2 models speak on InvokeModel (AWS's Nova 2 "Request and response schema"): the prompt is
 * one user message, each generated image an {@code image} content block of the answer, always PNG. One call draws one
 * image; {@code n} is served by parallel calls. Native extras ({@code inferenceConfig}, {@code system}, ...) merge into
 * the body like every Bedrock extra.
 */
final class BedrockMessages {
  private BedrockMessages() {
  }

  /** {@code {"messages": [{"role": "user", "content": [{"text": prompt}]}]}}. */
  static ObjectNode toBody(ImageRequest request) {
    ObjectNode body = Json.object();
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    message.putArray("content").addObject().put("text", request.prompt());
    return body;
  }

  /**
   * The answer's images, its text as their revised prompt and its token counts as usage. {@code stopReason}
   * {@code content_filtered} is a refusal; an answer without an image block is {@link UpstreamProtocol}.
   */
  static ImageResponse fromResponse(BedrockWire.MessagesResponse wire, JsonNode json, Details details, String model,
                                    long created) {
    if ("content_filtered".equals(wire.stopReason())) {
      throw BedrockMapping.refused("bedrock refused the image (stopReason content_filtered)", wire.stopReason(),
          details);
    }
    List<BedrockWire.ContentBlock> blocks = wire.output() == null || wire.output().message() == null
        || wire.output().message().content() == null ? List.of() : wire.output().message().content();
    StringBuilder text = new StringBuilder();
    List<String> images = new ArrayList<>();
    for (BedrockWire.ContentBlock block : blocks) {
      if (block == null) {
        continue;
      }
      if (block.text() != null && !block.text().isBlank()) {
        text.append(text.isEmpty() ? "" : "\n").append(block.text().trim());
      }
      String base64 = block.image() == null ? null : base64(block.image().source());
      if (base64 != null && !base64.isEmpty()) {
        images.add(base64);
      }
    }
    if (images.isEmpty()) {
      throw new UpstreamProtocol("bedrock answered without images: expected output.message.content[].image"
          + (wire.stopReason() == null ? "" : " (stopReason " + wire.stopReason() + ")") + ", got "
          + ProviderHttp.snippet(Json.write(json)), BedrockMapping.with(details, wire.stopReason()), null);
    }
    String revised = text.isEmpty() ? null : text.toString();
    List<ImageData> data = images.stream().map(image -> ImageData.ofBase64(image, revised)).toList();
    return ImageResponse.of(created, data, usage(wire.usage()), Map.of(), "bedrock", model);
  }

  /** {@code source.bytes} as a string, or nested once more as AWS's reference shows it. */
  private static String base64(JsonNode source) {
    if (source == null) {
      return null;
    }
    JsonNode bytes = source.path("bytes");
    if (bytes.isObject()) {
      bytes = bytes.path("bytes");
    }
    return bytes.isTextual() ? bytes.asText() : null;
  }

  private static Usage usage(BedrockWire.MessagesUsage usage) {
    if (usage == null) {
      return Usage.NONE;
    }
    long input = usage.inputTokens() == null ? 0 : usage.inputTokens();
    long output = usage.outputTokens() == null ? 0 : usage.outputTokens();
    long total = usage.totalTokens() == null ? input + output : usage.totalTokens();
    return new Usage(input, new Usage.InputTokensDetails(input, 0), output, total);
  }
}
