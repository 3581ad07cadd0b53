package dev.imagegate.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A team as stored. Its budget and rpm limit are shared by all its keys; its model list bounds theirs.
 *
 * @param models allowed model groups; empty means every model
 */
public record TeamRecord(String teamId, String teamAlias, List<String> models, Budget budget, Integer rpmLimit,
                         Map<String, Object> metadata, boolean blocked, long spendNanos, Instant createdAt,
                         Instant updatedAt) {
  public TeamRecord {
    models = Records.list(models);
    metadata = Records.map(metadata);
    budget = budget == null ? Budget.NONE : budget;
  }

  public TeamRecord withBlocked(boolean newBlocked, Instant now) {
    return new TeamRecord(teamId, teamAlias, models, budget, rpmLimit, metadata, newBlocked, spendNanos, createdAt,
        now);
  }
}
