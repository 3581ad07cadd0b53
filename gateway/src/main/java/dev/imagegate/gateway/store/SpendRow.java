package dev.imagegate.gateway.store;

import java.time.Instant;

/**
 * One image call, success or failure, as stored in {@code ig_spend_log}. Never holds image bytes.
 *
 * @param keyId the key's stable id (null for master-key or open calls); {@code apiKey} is the SHA-256 of the secret
 * @param costNanos null when the call could not be priced (or failed before a provider charged)
 * @param prompt null unless {@code store_prompts_in_spend_logs} is on
 * @param guardrails the guardrail decisions as JSON text, or null
 */
public record SpendRow(String requestId, Instant startTime, Instant endTime, String keyId, String apiKey,
                       String keyAlias, String userId, String teamId, String endUser, String modelGroup,
                       String deploymentId, String provider, Integer n, String size, String quality, Long costNanos,
                       Long inputTokens, Long outputTokens, Long totalTokens, long latencyMs, Status status,
                       String errorType, int retries, int fallbacks, String prompt, String guardrails)
    implements SpendEvent {

  public enum Status {
    SUCCESS, FAILURE,
    /** Served and paid upstream, but the answer could not be sent to the client. */
    UNDELIVERED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public SpendRow {
    if (requestId == null || requestId.isBlank()) {
      throw new IllegalArgumentException("a spend row needs a request id");
    }
    if (startTime == null || endTime == null || status == null) {
      throw new IllegalArgumentException("a spend row needs start and end times and a status");
    }
  }

  public SpendRow withoutPrompt() {
    return new SpendRow(requestId, startTime, endTime, keyId, apiKey, keyAlias, userId, teamId, endUser, modelGroup,
        deploymentId, provider, n, size, quality, costNanos, inputTokens, outputTokens, totalTokens, latencyMs,
        status, errorType, retries, fallbacks, null, guardrails);
  }
}
