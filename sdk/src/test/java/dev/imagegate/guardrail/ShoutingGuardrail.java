package dev.imagegate.guardrail;

import java.util.Map;

/** A custom guardrail as users write one: built from its settings, it blocks prompts containing its word. */
public final class ShoutingGuardrail implements Guardrail {
  private final String word;

  public ShoutingGuardrail(Map<String, Object> settings) {
    this.word = String.valueOf(settings.get("word"));
  }

  @Override
  public Verdict check(String prompt) {
    if (prompt.contains(word)) {
      return Verdict.block("no shouting", Map.of("shouting", 1));
    }
    return Verdict.mask(prompt.toLowerCase(java.util.Locale.ROOT), Map.of());
  }
}
