package dev.imagegate.guardrail;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamUnavailable;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of running guardrails on one prompt: the prompt to send (masked where a guardrail masked it) and each
 * guardrail's decision, in the order they ran. Running stops at the first block.
 */
public record Screening(String prompt, List<GuardrailDecision> decisions) {
  public Screening {
    decisions = List.copyOf(decisions);
  }

  /** The decision that refused the call, if one did. */
  public Optional<GuardrailDecision> blockedBy() {
    return decisions.stream().filter(d -> d.action() == GuardrailDecision.Action.BLOCKED).findFirst();
  }

  /**
   * {@code request} with the screened prompt.
   *
   * @throws ContentPolicyViolation (400, code {@code content_policy_violation}) naming the guardrail that blocked
   *     the prompt
   * @throws UpstreamUnavailable (503) when a guardrail that fails closed could not check the prompt
   */
  public ImageRequest applyTo(ImageRequest request) {
    Optional<GuardrailDecision> blocked = blockedBy();
    if (blocked.isPresent()) {
      throw refusal(blocked.get());
    }
    return prompt.equals(request.prompt()) ? request : request.toBuilder().prompt(prompt).build();
  }

  private static ImageGateException refusal(GuardrailDecision decision) {
    ImageGateException.Details details = ImageGateException.Details.of("imagegate");
    if (decision.failed()) {
      return new UpstreamUnavailable("Guardrail '" + decision.guardrail() + "' could not check the prompt, and it "
          + "fails closed: " + decision.error(), 503, details, null);
    }
    return new ContentPolicyViolation("Your prompt was blocked by guardrail '" + decision.guardrail() + "': "
        + decision.reason(), details);
  }
}
