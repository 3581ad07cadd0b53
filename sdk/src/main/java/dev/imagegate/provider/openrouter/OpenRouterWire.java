package dev.imagegate.provider.openrouter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** Records mirroring OpenRouter's chat completion answer, as far as image output needs it. Unknown fields are ignored. */
final class OpenRouterWire {
  private OpenRouterWire() {
  }

  /** {@code POST /chat/completions} 200 body; {@code error} is set when the call failed after it was accepted. */
  record ChatResponse(String id, Long created, String model, List<Choice> choices, Usage usage, JsonNode error) {
  }

  record Choice(Integer index, @JsonProperty("finish_reason") String finishReason,
                @JsonProperty("native_finish_reason") String nativeFinishReason, Message message, JsonNode error) {
  }

  /** {@code content} is usually text; {@code refusal} is set when the model declined. */
  record Message(String role, JsonNode content, JsonNode refusal, List<Image> images) {
  }

  record Image(String type, @JsonProperty("image_url") ImageUrl imageUrl) {
  }

  /** A {@code data:image/...;base64,...} URI or an http(s) URL. */
  record ImageUrl(String url) {
  }

  /** Token counts may be fractional; {@code cost} is USD, present with usage accounting. */
  record Usage(@JsonProperty("prompt_tokens") BigDecimal promptTokens,
               @JsonProperty("completion_tokens") BigDecimal completionTokens,
               @JsonProperty("total_tokens") BigDecimal totalTokens, BigDecimal cost) {
  }
}
