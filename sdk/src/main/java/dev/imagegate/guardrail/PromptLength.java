package dev.imagegate.guardrail;

import java.util.Map;

/** {@code guardrail: prompt_length}: blocks prompts longer than {@code max_chars} characters (code points). */
final class PromptLength implements Guardrail {
  static final String TYPE = "prompt_length";

  private final int maxChars;

  PromptLength(int maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public Verdict check(String prompt) {
    int length = prompt.codePointCount(0, prompt.length());
    if (length <= maxChars) {
      return Verdict.pass();
    }
    return Verdict.block("it is " + length + " characters long; the limit is " + maxChars,
        Map.of("over_limit_chars", length - maxChars));
  }
}
