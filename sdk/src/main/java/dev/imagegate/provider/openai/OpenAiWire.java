package dev.imagegate.provider.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** Records mirroring OpenAI's images JSON (also spoken by Azure, Xinference, Nscale, Recraft). */
public final class OpenAiWire {
  private OpenAiWire() {
  }

  /** {@code POST /images/generations} 200 body. Token counts are decimals: some servers send fractions. */
  public record ImagesResponse(Long created, List<Item> data, WireUsage usage, String background,
                               @JsonProperty("output_format") String outputFormat, String quality, String size) {
  }

  public record Item(@JsonProperty("b64_json") String b64Json, String url,
                     @JsonProperty("revised_prompt") String revisedPrompt) {
  }

  public record WireUsage(@JsonProperty("input_tokens") BigDecimal inputTokens,
                          @JsonProperty("input_tokens_details") TokenDetails inputTokensDetails,
                          @JsonProperty("output_tokens") BigDecimal outputTokens,
                          @JsonProperty("total_tokens") BigDecimal totalTokens,
                          @JsonProperty("output_tokens_details") TokenDetails outputTokensDetails) {
    public WireUsage(BigDecimal inputTokens, TokenDetails inputTokensDetails, BigDecimal outputTokens,
                     BigDecimal totalTokens) {
      this(inputTokens, inputTokensDetails, outputTokens, totalTokens, null);
    }
  }

  /**
   * {@code input_tokens_details} / {@code output_tokens_details}; {@code cached_tokens} (input only) may be split
   * further in {@code cached_tokens_details}.
   */
  public record TokenDetails(@JsonProperty("text_tokens") BigDecimal textTokens,
                             @JsonProperty("image_tokens") BigDecimal imageTokens,
                             @JsonProperty("cached_tokens") BigDecimal cachedTokens,
                             @JsonProperty("cached_tokens_details") TokenDetails cachedTokensDetails) {
    public TokenDetails(BigDecimal textTokens, BigDecimal imageTokens) {
      this(textTokens, imageTokens, null, null);
    }
  }

  /** {@code {"error": {...}}}; {@code code} may be a string or a number depending on the server. */
  public record ErrorBody(ErrorDetail error) {
  }

  public record ErrorDetail(String message, String type, String param, JsonNode code,
                            @JsonProperty("inner_error") JsonNode innerError) {
  }
}
