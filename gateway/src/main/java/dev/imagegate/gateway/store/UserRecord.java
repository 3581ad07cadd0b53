package dev.imagegate.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An internal user (LiteLLM's {@code /user/new}) as stored. Its budget is shared by all its keys.
 *
 * @param models allowed model groups; empty means every model
 */
public record UserRecord(String userId, String userAlias, String userEmail, String userRole, List<String> models,
                         Budget budget, Map<String, Object> metadata, long spendNanos, Instant createdAt,
                         Instant updatedAt) {
  public UserRecord {
    models = Records.list(models);
    metadata = Records.map(metadata);
    budget = budget == null ? Budget.NONE : budget;
  }
}
