package dev.imagegate.provider.gemini;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Records mirroring Google's image JSON, shared by the Gemini API and Vertex AI: Imagen's {@code :predict} answer,
 * Gemini's {@code :generateContent} answer, and the {@code {"error": {...}}} body.
 */
public final class GoogleWire {
  private GoogleWire() {
  }

  /** Imagen {@code :predict} 200 body. Filtered images are omitted, or carry only {@code raiFilteredReason}. */
  public record PredictResponse(List<Prediction> predictions) {
  }

  /** One Imagen image; {@code prompt} is the enhanced prompt when the model rewrote it. */
  public record Prediction(String bytesBase64Encoded, String mimeType, String prompt, String raiFilteredReason) {
  }

  /** Gemini {@code :generateContent} 200 body. */
  public record GenerateContentResponse(List<Candidate> candidates, PromptFeedback promptFeedback,
                                        UsageMetadata usageMetadata, String modelVersion) {
  }

  public record Candidate(Content content, String finishReason, String finishMessage) {
  }

  public record Content(String role, List<Part> parts) {
  }

  /** A text part, a thought ({@code thought: true}), or an image ({@code inlineData}, also spelled {@code inline_data}). */
  public record Part(String text, Boolean thought, @JsonAlias("inline_data") InlineData inlineData) {
  }

  public record InlineData(@JsonAlias("mime_type") String mimeType, String data) {
  }

  public record PromptFeedback(String blockReason, String blockReasonMessage) {
  }

  /**
   * {@code usageMetadata}: {@code candidatesTokenCount} is the answer's tokens without thinking, split by modality in
   * {@code candidatesTokensDetails} (image and text output are priced apart); thinking is
   * {@code thoughtsTokenCount}.
   */
  public record UsageMetadata(Long promptTokenCount, Long candidatesTokenCount, Long totalTokenCount,
                              Long thoughtsTokenCount, List<ModalityTokens> promptTokensDetails,
                              List<ModalityTokens> candidatesTokensDetails) {
    public UsageMetadata(Long promptTokenCount, Long candidatesTokenCount, Long totalTokenCount,
                         Long thoughtsTokenCount, List<ModalityTokens> promptTokensDetails) {
      this(promptTokenCount, candidatesTokenCount, totalTokenCount, thoughtsTokenCount, promptTokensDetails, null);
    }
  }

  /** Token count of one modality ({@code TEXT}, {@code IMAGE}). */
  public record ModalityTokens(String modality, Long tokenCount) {
  }

  /** {@code {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT", "details": [...]}}}. */
  public record ErrorBody(ErrorDetail error) {
  }

  /** {@code details} holds typed entries ({@code @type} ErrorInfo with {@code reason}, RetryInfo, BadRequest). */
  public record ErrorDetail(Integer code, String message, String status, List<JsonNode> details) {
  }
}
