package dev.imagegate.guardrail;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A guardrail's answer about one prompt: let it through, refuse the call, or send a masked prompt instead. Findings
 * count what was found per category (e.g. {@code EMAIL_ADDRESS: 2}), never the values themselves.
 */
public sealed interface Verdict {
  Pass PASS = new Pass();

  /** The prompt may be sent as it is. */
  record Pass() implements Verdict {
  }

  /**
   * The call is refused before any provider is called.
   *
   * @param reason told to the caller; must not quote the prompt's sensitive parts
   */
  record Block(String reason, Map<String, Integer> findings) implements Verdict {
    public Block {
      Objects.requireNonNull(reason, "reason");
      findings = copy(findings);
    }
  }

  /** The call goes on with {@code prompt} (what was found replaced) instead of the caller's. */
  record Mask(String prompt, Map<String, Integer> findings) implements Verdict {
    public Mask {
      Objects.requireNonNull(prompt, "prompt");
      findings = copy(findings);
    }
  }

  static Verdict pass() {
    return PASS;
  }

  static Verdict block(String reason, Map<String, Integer> findings) {
    return new Block(reason, findings);
  }

  static Verdict mask(String prompt, Map<String, Integer> findings) {
    return new Mask(prompt, findings);
  }

  private static Map<String, Integer> copy(Map<String, Integer> findings) {
    return findings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(findings));
  }
}
