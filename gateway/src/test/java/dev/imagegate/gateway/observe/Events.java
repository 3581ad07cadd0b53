package dev.imagegate.gateway.observe;

import dev.imagegate.Usage;
import dev.imagegate.guardrail.GuardrailDecision;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Call events for unit tests. */
final class Events {
  static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

  private Events() {
  }

  static CallEvent success(String callId) {
    return new CallEvent(CallEvent.Kind.SUCCESS, callId, START.plusSeconds(3), START, "pics", "d2", "openai",
        "openai/dall-e-3", null, null, null, "cust-1", 1, "1024x1024", "hd", new BigDecimal("0.08"), "table",
        new Usage(5, null, 7, 12), List.of(1234L), Duration.ofSeconds(3), 1, List.of(), List.of(
            new CallEvent.Attempt(1, "pics", "d1", "openai/dall-e-3", START, Duration.ofSeconds(1), "rate_limit"),
            new CallEvent.Attempt(2, "pics", "d2", "openai/dall-e-3", START.plusSeconds(1), Duration.ofSeconds(2),
                null)),
        200, null, null, List.of(new GuardrailDecision("no-pii", GuardrailDecision.Action.MASKED,
            Map.of("EMAIL_ADDRESS", 1), null, null)), List.of("blue"));
  }

  static CallEvent start(String callId) {
    return new CallEvent(CallEvent.Kind.START, callId, START, START, "pics", null, null, null, null, null, null,
        null, 1, null, null, null, null, null, List.of(), Duration.ZERO, 0, List.of(), List.of(), null, null, null,
        List.of(), List.of());
  }

  static CallEvent failure(String callId) {
    return new CallEvent(CallEvent.Kind.FAILURE, callId, START.plusSeconds(2), START, "pics", "d1", "openai",
        "openai/dall-e-3", null, null, null, null, 1, null, null, null, "unpriced", null, List.of(),
        Duration.ofSeconds(2), 0, List.of("backup"), List.of(new CallEvent.Attempt(1, "pics", "d1",
            "openai/dall-e-3", START, Duration.ofSeconds(2), "server_error")), 503, "server_error", "upstream down",
        List.of(), List.of());
  }
}
