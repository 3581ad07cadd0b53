package dev.imagegate.gateway.store;

import java.time.Instant;

/**
 * One image call, success or failure, as stored in {@code ig_spend_log}. Never holds image bytes.
 *
 * @param keyId the key's stable id (null for master-key or open calls); {@code apiKey} is the SHA-256 of the secret
 * @param costNanos null when the call could not be priced (or failed before a provider charged)
 * @param prompt null unless {@code store_prompts_in_spend_logs} is on
 * @param guardrails the guardrail decisions as JSON text, or null
 * @param callType {@code image_generation} (also when null), {@code image_edit} or {@code image_variation}
 * @param contentFilter the content-filter verdicts the answer carried as compact JSON text
 *     ({@link ContentFilterColumn}), or null when it carried none
 */
public record SpendRow(String requestId, Instant startTime, Instant endTime, String keyId, String apiKey,
                       String keyAlias, String userId, String teamId, String endUser, String modelGroup,
                       String deploymentId, String provider, Integer n, String size, String quality, Long costNanos,
                       Long inputTokens, Long outputTokens, Long totalTokens, long latencyMs, Status status,
                       String errorType, int retries, int fallbacks, String prompt, String guardrails,
                       String callType, String contentFilter)
    implements SpendEvent {
  public static final String GENERATION = "image_generation";

  public enum Status {
    SUCCESS, FAILURE,
    /** Served and paid upstream, but the answer could not be sent to the client. */
    UNDELIVERED,
    /**
     * The client went away during a streamed answer (HTTP 499, "client closed request"); the upstream call was
     * abandoned, and the row's cost is what was billed up to then.
     */
    CANCELLED;

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
    callType = callType == null || callType.isBlank() ? GENERATION : callType;
  }

  public SpendRow withoutPrompt() {
    return toBuilder().prompt(null).build();
  }

  /** A row for call {@code requestId}; every other field is null (or 0) until set. */
  public static Builder builder(String requestId, Instant startTime, Instant endTime, Status status) {
    return new Builder(requestId, startTime, endTime, status);
  }

  public Builder toBuilder() {
    return builder(requestId, startTime, endTime, status)
        .key(keyId, apiKey, keyAlias).owners(userId, teamId, endUser)
        .route(modelGroup, deploymentId, provider, retries, fallbacks).params(n, size, quality)
        .charge(costNanos, inputTokens, outputTokens, totalTokens).latencyMs(latencyMs).errorType(errorType)
        .prompt(prompt).guardrails(guardrails).callType(callType).contentFilter(contentFilter);
  }

  /** Builds a row by the parts of a call: who paid, how it was routed, what it asked for and what it cost. */
  public static final class Builder {
    private final String requestId;
    private final Instant startTime;
    private final Instant endTime;
    private final Status status;
    private String keyId;
    private String apiKey;
    private String keyAlias;
    private String userId;
    private String teamId;
    private String endUser;
    private String modelGroup;
    private String deploymentId;
    private String provider;
    private int retries;
    private int fallbacks;
    private Integer n;
    private String size;
    private String quality;
    private Long costNanos;
    private Long inputTokens;
    private Long outputTokens;
    private Long totalTokens;
    private long latencyMs;
    private String errorType;
    private String prompt;
    private String guardrails;
    private String callType;
    private String contentFilter;

    private Builder(String requestId, Instant startTime, Instant endTime, Status status) {
      this.requestId = requestId;
      this.startTime = startTime;
      this.endTime = endTime;
      this.status = status;
    }

    /** The key: its stable id, the SHA-256 of its secret (or the caller's hash), its alias. */
    public Builder key(String id, String hash, String alias) {
      this.keyId = id;
      this.apiKey = hash;
      this.keyAlias = alias;
      return this;
    }

    /** Who else the call is billed to: the key's user and team, the end user. */
    public Builder owners(String user, String team, String endUserId) {
      this.userId = user;
      this.teamId = team;
      this.endUser = endUserId;
      return this;
    }

    public Builder route(String group, String deployment, String providerName, int retryCount, int fallbackCount) {
      this.modelGroup = group;
      this.deploymentId = deployment;
      this.provider = providerName;
      this.retries = retryCount;
      this.fallbacks = fallbackCount;
      return this;
    }

    public Builder params(Integer count, String sizeWire, String qualityName) {
      this.n = count;
      this.size = sizeWire;
      this.quality = qualityName;
      return this;
    }

    public Builder charge(Long nanos, Long input, Long output, Long total) {
      this.costNanos = nanos;
      this.inputTokens = input;
      this.outputTokens = output;
      this.totalTokens = total;
      return this;
    }

    public Builder latencyMs(long value) {
      this.latencyMs = value;
      return this;
    }

    public Builder errorType(String value) {
      this.errorType = value;
      return this;
    }

    public Builder prompt(String value) {
      this.prompt = value;
      return this;
    }

    public Builder guardrails(String value) {
      this.guardrails = value;
      return this;
    }

    /** What the call did ({@code Operation.callType()}); generation when unset. */
    public Builder callType(String value) {
      this.callType = value;
      return this;
    }

    /** The answer's content-filter verdicts as JSON text ({@link ContentFilterColumn#write}), or null. */
    public Builder contentFilter(String json) {
      this.contentFilter = json;
      return this;
    }

    public SpendRow build() {
      return new SpendRow(requestId, startTime, endTime, keyId, apiKey, keyAlias, userId, teamId, endUser,
          modelGroup, deploymentId, provider, n, size, quality, costNanos, inputTokens, outputTokens, totalTokens,
          latencyMs, status, errorType, retries, fallbacks, prompt, guardrails, callType, contentFilter);
    }
  }
}
