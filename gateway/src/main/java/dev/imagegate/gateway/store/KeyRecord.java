package dev.imagegate.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A virtual key as stored. Only the SHA-256 hex of the secret is kept ({@code token}); {@code keyName} is its
 * displayable abbreviation ({@code sk-...abcd}). {@code keyId} is stable across regeneration, so spend and budgets
 * follow the key, not the secret. {@code spendNanos} is the spend of the current budget period as last persisted.
 * Build one with {@link #builder}; change one with {@link #toBuilder}.
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

  /** A key with this id and secret, created and updated {@code now}; every setting starts empty. */
  public static Builder builder(String keyId, String token, String keyName, Instant now) {
    return new Builder(keyId, token, keyName, now);
  }

  public Builder toBuilder() {
    return new Builder(keyId, token, keyName, createdAt).keyAlias(keyAlias).models(models).expiresAt(expiresAt)
        .budget(budget).rpmLimit(rpmLimit).maxParallelRequests(maxParallelRequests).userId(userId).teamId(teamId)
        .metadata(metadata).tags(tags).guardrails(guardrails).blocked(blocked).spendNanos(spendNanos)
        .updatedAt(updatedAt);
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public KeyRecord withSecret(String newToken, String newKeyName, Instant now) {
    return toBuilder().secret(newToken, newKeyName).updatedAt(now).build();
  }

  public KeyRecord withBlocked(boolean newBlocked, Instant now) {
    return toBuilder().blocked(newBlocked).updatedAt(now).build();
  }

  /** Builds a {@link KeyRecord}. Not thread-safe. */
  public static final class Builder {
    private final String keyId;
    private final Instant createdAt;
    private String token;
    private String keyName;
    private String keyAlias;
    private List<String> models;
    private Instant expiresAt;
    private Budget budget;
    private Integer rpmLimit;
    private Integer maxParallelRequests;
    private String userId;
    private String teamId;
    private Map<String, Object> metadata;
    private List<String> tags;
    private List<String> guardrails;
    private boolean blocked;
    private long spendNanos;
    private Instant updatedAt;

    private Builder(String keyId, String token, String keyName, Instant createdAt) {
      this.keyId = keyId;
      this.token = token;
      this.keyName = keyName;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    public Builder secret(String newToken, String newKeyName) {
      token = newToken;
      keyName = newKeyName;
      return this;
    }

    public Builder keyAlias(String value) {
      keyAlias = value;
      return this;
    }

    public Builder models(List<String> value) {
      models = value;
      return this;
    }

    public Builder expiresAt(Instant value) {
      expiresAt = value;
      return this;
    }

    public Builder budget(Budget value) {
      budget = value;
      return this;
    }

    public Builder rpmLimit(Integer value) {
      rpmLimit = value;
      return this;
    }

    public Builder maxParallelRequests(Integer value) {
      maxParallelRequests = value;
      return this;
    }

    public Builder userId(String value) {
      userId = value;
      return this;
    }

    public Builder teamId(String value) {
      teamId = value;
      return this;
    }

    public Builder metadata(Map<String, Object> value) {
      metadata = value;
      return this;
    }

    public Builder tags(List<String> value) {
      tags = value;
      return this;
    }

    public Builder guardrails(List<String> value) {
      guardrails = value;
      return this;
    }

    public Builder blocked(boolean value) {
      blocked = value;
      return this;
    }

    public Builder spendNanos(long value) {
      spendNanos = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      updatedAt = value;
      return this;
    }

    public KeyRecord build() {
      return new KeyRecord(keyId, token, keyName, keyAlias, models, expiresAt, budget, rpmLimit, maxParallelRequests,
          userId, teamId, metadata, tags, guardrails, blocked, spendNanos, createdAt, updatedAt);
    }
  }
}
