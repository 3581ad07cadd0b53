package dev.imagegate.guardrail;

/**
 * A check on a prompt before any provider is called (LiteLLM's {@code mode: pre_call}). One method: look at the
 * prompt, answer with a {@link Verdict}.
 *
 * <p>Implementations are thread-safe and run on the request thread, so they should be quick; one that calls a
 * service must bound the wait with a timeout. Throwing means the check could not be made (not that the prompt is
 * bad): the guardrail's {@code fail_open} setting then decides whether the call goes on (default: it does not).
 *
 * <p>Custom guardrails are named in config by their class, {@code guardrail: com.example.MyGuardrail}: a public
 * class with a public constructor taking the guardrail's {@code litellm_params} as a {@code Map<String, Object>},
 * or a public no-argument constructor.
 */
@FunctionalInterface
public interface Guardrail {
  /**
   * Checks {@code prompt}. Reasons and findings must never quote what was found (an email address, a card number):
   * findings are counts per category.
   */
  Verdict check(String prompt) throws Exception;
}
