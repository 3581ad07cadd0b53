package dev.imagegate.guardrail;

import dev.imagegate.ImageRequest;
import dev.imagegate.config.Config;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.HttpTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The guardrails a configuration defines ({@code guardrails:} in config.yaml, LiteLLM's shape), and running them on
 * a prompt. Which ones run for a call: those {@code default_on}, plus those the request opts in to, plus those its
 * API key carries; they run in configuration order, each seeing the prompt as the previous one left it (masked),
 * stopping at the first block. Immutable and thread-safe.
 */
public final class Guardrails {
  public static final Guardrails NONE = new Guardrails(List.of());

  /**
   * One configured guardrail.
   *
   * @param defaultOn runs on every call, asked for or not
   * @param failOpen when the check cannot be made (service down, timeout), let the call through instead of refusing
   */
  public record Configured(String name, Guardrail guardrail, boolean defaultOn, boolean failOpen) {
    public Configured {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(guardrail, "guardrail");
    }
  }

  private final Map<String, Configured> byName = new LinkedHashMap<>();

  private Guardrails(List<Configured> guardrails) {
    for (Configured configured : guardrails) {
      if (byName.put(configured.name(), configured) != null) {
        throw new IllegalArgumentException("two guardrails are named '" + configured.name() + "'");
      }
    }
  }

  /** @throws IllegalArgumentException when two share a name */
  public static Guardrails of(List<Configured> guardrails) {
    return guardrails.isEmpty() ? NONE : new Guardrails(guardrails);
  }

  /**
   * The {@code guardrails:} section of {@code config}; the moderation guardrail calls its service through
   * {@code transport}.
   *
   * @throws IllegalArgumentException listing every problem, each with file, line and key
   */
  public static Guardrails fromConfig(Config config, HttpTransport transport) {
    return new GuardrailConfig(config, transport).parse();
  }

  /** The configured names, in configuration order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /**
   * The guardrails to run for one call, in configuration order: every {@code default_on} one, those the request
   * names, and those its key carries.
   *
   * @throws BadRequest (param {@code guardrails}) naming a guardrail that is not configured
   */
  public List<String> select(List<String> requested, List<String> fromKey) {
    Set<String> wanted = new LinkedHashSet<>();
    addKnown(wanted, requested, "");
    addKnown(wanted, fromKey, " (set on your API key)");
    List<String> out = new ArrayList<>();
    byName.values().forEach(g -> {
      if (g.defaultOn() || wanted.contains(g.name())) {
        out.add(g.name());
      }
    });
    return out;
  }

  private void addKnown(Set<String> wanted, List<String> names, String source) {
    for (String name : names) {
      if (!byName.containsKey(name)) {
        throw new BadRequest("Unknown guardrail '" + name + "'" + source + ". Configured guardrails: "
            + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet())), "guardrails");
      }
      wanted.add(name);
    }
  }

  /** Runs {@code selected} (names from {@link #select}) on {@code prompt}. Never throws for a guardrail's failure. */
  public Screening screen(String prompt, List<String> selected) {
    String current = prompt;
    List<GuardrailDecision> decisions = new ArrayList<>();
    for (String name : selected) {
      Configured configured = byName.get(name);
      if (configured == null) {
        throw new IllegalArgumentException("guardrail '" + name + "' is not configured");
      }
      Step step = run(configured, current);
      decisions.add(step.decision());
      current = step.prompt();
      if (step.decision().action() == GuardrailDecision.Action.BLOCKED) {
        break;
      }
    }
    return new Screening(current, decisions);
  }

  /** One guardrail's decision and the prompt after it. */
  private record Step(GuardrailDecision decision, String prompt) {
  }

  private static Step run(Configured configured, String prompt) {
    String name = configured.name();
    Verdict verdict;
    try {
      verdict = Objects.requireNonNull(configured.guardrail().check(prompt), "the guardrail returned no verdict");
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      GuardrailDecision.Action action = configured.failOpen() ? GuardrailDecision.Action.PASSED
          : GuardrailDecision.Action.BLOCKED;
      return new Step(new GuardrailDecision(name, action, Map.of(), null, describe(e)), prompt);
    }
    return switch (verdict) {
      case Verdict.Pass pass -> new Step(new GuardrailDecision(name, GuardrailDecision.Action.PASSED, Map.of(),
          null, null), prompt);
      case Verdict.Block block -> new Step(new GuardrailDecision(name, GuardrailDecision.Action.BLOCKED,
          block.findings(), block.reason(), null), prompt);
      case Verdict.Mask mask -> new Step(new GuardrailDecision(name, GuardrailDecision.Action.MASKED,
          mask.findings(), null, null), mask.prompt());
    };
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Runs the {@code default_on} guardrails on {@code request}'s prompt, as the SDK router does before any deployment
   * is called.
   *
   * @return the request with the screened prompt
   * @throws dev.imagegate.error.ContentPolicyViolation when a guardrail blocked it
   */
  public ImageRequest apply(ImageRequest request) {
    if (byName.isEmpty()) {
      return request;
    }
    return screen(request.prompt(), select(List.of(), List.of())).applyTo(request);
  }
}
