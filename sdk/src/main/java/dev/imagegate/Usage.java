package dev.imagegate;

/**
 * Token usage as OpenAI reports it for token-billed image models. Providers that report nothing give {@link #NONE}
 * (all zeros). Counts are whole tokens; fractional counts from a provider are rounded to the nearest whole token.
 */
public record Usage(long inputTokens, InputTokensDetails inputTokensDetails, long outputTokens, long totalTokens) {
  public static final Usage NONE = new Usage(0, InputTokensDetails.NONE, 0, 0);

  public Usage {
    if (inputTokensDetails == null) {
      inputTokensDetails = InputTokensDetails.NONE;
    }
  }

  /** The split of input tokens into text and image tokens. */
  public record InputTokensDetails(long textTokens, long imageTokens) {
    public static final InputTokensDetails NONE = new InputTokensDetails(0, 0);
  }

  public boolean isEmpty() {
    return inputTokens == 0 && outputTokens == 0 && totalTokens == 0;
  }

  /** Adds two usages, e.g. from the parallel calls that serve n > 1 on one-image-per-call providers. */
  public Usage plus(Usage other) {
    return new Usage(inputTokens + other.inputTokens,
        new InputTokensDetails(inputTokensDetails.textTokens() + other.inputTokensDetails.textTokens(),
            inputTokensDetails.imageTokens() + other.inputTokensDetails.imageTokens()),
        outputTokens + other.outputTokens, totalTokens + other.totalTokens);
  }
}
