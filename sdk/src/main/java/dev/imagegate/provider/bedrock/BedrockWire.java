package dev.imagegate.provider.bedrock;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Records mirroring the JSON Bedrock's image models answer with (InvokeModel response bodies). */
final class BedrockWire {
  private BedrockWire() {
  }

  /** Stability SDXL: {@code {"result": "success", "artifacts": [{"seed", "base64", "finishReason"}]}}. */
  record SdxlResponse(String result, List<Artifact> artifacts) {
  }

  /** {@code finishReason} is {@code SUCCESS}, {@code CONTENT_FILTERED} or {@code ERROR}. */
  record Artifact(Long seed, String base64, String finishReason) {
  }

  /** SD3, SD3.5, Stable Image Ultra and Core: {@code {"seeds", "finish_reasons", "images"}}. */
  record StabilityResponse(List<Long> seeds, @JsonProperty("finish_reasons") List<String> finishReasons,
                           List<String> images) {
  }

  /** Titan Image Generator and Nova Canvas: {@code {"images": [...], "error": null}}. */
  record AmazonResponse(List<String> images, String error) {
  }

  /**
   * Nova 2 models on InvokeModel (the Messages shape): {@code {"output": {"message": {"content": [{"text"},
   * {"image": {"format", "source": {"bytes"}}}]}}, "stopReason", "usage": {"inputTokens", "outputTokens",
   * "totalTokens"}}}. {@code source.bytes} is the base64 string (AWS's reference also shows it nested once more).
   */
  record MessagesResponse(MessagesOutput output, String stopReason, MessagesUsage usage) {
  }

  record MessagesOutput(Message message) {
  }

  record Message(String role, List<ContentBlock> content) {
  }

  record ContentBlock(String text, ImageBlock image) {
  }

  record ImageBlock(String format, com.fasterxml.jackson.databind.JsonNode source) {
  }

  record MessagesUsage(Long inputTokens, Long outputTokens, Long totalTokens) {
  }

  /** An error body: {@code {"message": "..."}}, sometimes {@code Message}, with {@code __type} on some errors. */
  record ErrorBody(@JsonAlias("Message") String message, @JsonProperty("__type") String type) {
  }
}
