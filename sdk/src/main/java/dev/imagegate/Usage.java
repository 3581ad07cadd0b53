package dev.imagegate;

/**
 * Token usage as OpenAI reports it for token-billed image models. Providers that report nothing give {@link #NONE}
 * (all zeros). Counts are whole tokens; fractional counts from a provider are rounded to the nearest whole token.
 *
 * <p>Each billing meter has its own count: input text, input image and their cached parts
 * ({@link InputTokensDetails}), output image, output text and thinking ({@link OutputTokensDetails}). When a provider
 * does not split its output, {@link OutputTokensDetails#NONE} is kept and every output token counts as image output.
 */
public record Usage(long inputTokens, InputTokensDetails inputTokensDetails, long outputTokens, long totalTokens,
                    OutputTokensDetails outputTokensDetails) {
  public static final Usage NONE = new Usage(0, InputTokensDetails.NONE, 0, 0);

  public Usage {
    if (inputTokensDetails == null) {
      inputTokensDetails = InputTokensDetails.NONE;
    }
    if (outputTokensDetails == null) {
      outputTokensDetails = OutputTokensDetails.NONE;
    }
  }

  /** Usage whose output is not split by modality. */
  public Usage(long inputTokens, InputTokensDetails inputTokensDetails, long outputTokens, long totalTokens) {
    this(inputTokens, inputTokensDetails, outputTokens, totalTokens, OutputTokensDetails.NONE);
  }

  /**
   * The split of input tokens into text and image tokens, and how many of each were served from the prompt cache
   * (the cached counts are part of the text and image counts, not added to them).
   */
  public record InputTokensDetails(long textTokens, long imageTokens, long cachedTextTokens,
                                   long cachedImageTokens) {
    public static final InputTokensDetails NONE = new InputTokensDetails(0, 0);

    public InputTokensDetails(long textTokens, long imageTokens) {
      this(textTokens, imageTokens, 0, 0);
    }

    /** All cached input tokens. */
    public long cachedTokens() {
      return cachedTextTokens + cachedImageTokens;
    }

    InputTokensDetails plus(InputTokensDetails other) {
      return new InputTokensDetails(textTokens + other.textTokens, imageTokens + other.imageTokens,
          cachedTextTokens + other.cachedTextTokens, cachedImageTokens + other.cachedImageTokens);
    }
  }

  /**
   * The split of output tokens: image tokens, text tokens and thinking tokens (Gemini's {@code thoughtsTokenCount},
   * which providers bill as output text).
   */
  public record OutputTokensDetails(long imageTokens, long textTokens, long thinkingTokens) {
    public static final OutputTokensDetails NONE = new OutputTokensDetails(0, 0, 0);

    public boolean isEmpty() {
      return imageTokens == 0 && textTokens == 0 && thinkingTokens == 0;
    }

    OutputTokensDetails plus(OutputTokensDetails other) {
      return new OutputTokensDetails(imageTokens + other.imageTokens, textTokens + other.textTokens,
          thinkingTokens + other.thinkingTokens);
    }
  }

  public boolean isEmpty() {
    return inputTokens == 0 && outputTokens == 0 && totalTokens == 0;
  }

  /** Adds two usages, e.g. from the parallel calls that serve n > 1 on one-image-per-call providers. */
  public Usage plus(Usage other) {
    return new Usage(inputTokens + other.inputTokens, inputTokensDetails.plus(other.inputTokensDetails),
        outputTokens + other.outputTokens, totalTokens + other.totalTokens,
        outputTokensDetails.plus(other.outputTokensDetails));
  }
}
