package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.TeamRecord;
import dev.imagegate.gateway.store.UserRecord;
import java.util.List;

/**
 * A valid (known, unexpired, unblocked) virtual key with the team and user whose limits also apply to it. Team and
 * user are null when the key has none (or names one that does not exist).
 */
public record AuthenticatedKey(KeyRecord key, TeamRecord team, UserRecord user) {
  /** The models this key may call: its own list within its team's (an empty result means every model). */
  public List<String> models() {
    return ModelAccess.keyModels(key.models(), team == null ? List.of() : team.models());
  }

  /** Whether the key and its team both allow {@code modelGroup}. */
  public boolean allows(String modelGroup) {
    List<String> teamModels = team == null ? List.of() : team.models();
    return ModelAccess.allows(models(), modelGroup) && ModelAccess.allows(teamModels, modelGroup);
  }

  /** The stricter of the key's and the team's requests-per-minute limits, or null for none. */
  public Integer effectiveRpmLimit() {
    Integer teamLimit = team == null ? null : team.rpmLimit();
    if (key.rpmLimit() == null) {
      return teamLimit;
    }
    return teamLimit == null ? key.rpmLimit() : Math.min(key.rpmLimit(), teamLimit);
  }
}
