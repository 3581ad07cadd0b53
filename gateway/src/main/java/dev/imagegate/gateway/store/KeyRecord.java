package dev.imagegate.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A virtual key as stored. Only the SHA-256 hex of the secret is kept ({@code token}); {@code keyName} is its
 * displayable abbreviation ({@code sk-...abcd}). {@code keyId} is stable across regeneration, so spend and budgets
 * follow the key, not the secret. {@code spendNanos} is the spend of the current budget period as last persisted.
 *
 * @param models allowed model groups; empty means every model
 * @param expiresAt null for a key that never expires
 * @param rpmLimit null for no limit
 * @param maxParallelRequests null for no limit
 */
public record KeyRecord(String keyId, String token, String keyName, String keyAlias, List<String> models,
                        Instant expiresAt, Budget budget, Integer rpmLimit, Integer maxParallelRequests,
                        String userId, String teamId, Map<String, Object> metadata, List<String> tags,
                        List<String> guardrails, boolean blocked, long spendNanos, Instant createdAt,
                        Instant updatedAt) {
  public KeyRecord {
    models = Records.list(models);
    tags = Records.list(tags);
    guardrails = Records.list(guardrails);
    metadata = Records.map(metadata);
    budget = budget == null ? Budget.NONE : budget;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public KeyRecord withSecret(String newToken, String newKeyName, Instant now) {
    return new KeyRecord(keyId, newToken, newKeyName, keyAlias, models, expiresAt, budget, rpmLimit,
        maxParallelRequests, userId, teamId, metadata, tags, guardrails, blocked, spendNanos, createdAt, now);
  }

  public KeyRecord withBlocked(boolean newBlocked, Instant now) {
    return new KeyRecord(keyId, token, keyName, keyAlias, models, expiresAt, budget, rpmLimit, maxParallelRequests,
        userId, teamId, metadata, tags, guardrails, newBlocked, spendNanos, createdAt, now);
  }
}
