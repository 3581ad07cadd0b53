package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.Principal;
import java.util.List;

/**
 * A valid (known, unexpired, unblocked) virtual key with the team and user whose limits also apply to it. Team and
 * user are null when the key has none (or names one that does not exist).
 */
public record AuthenticatedKey(KeyRecord key, Principal team, Principal user) {
  /** The models this key may call: its own list within its team's (an empty result means every model). */
  public List<String> models() {
    return ModelAccess.keyModels(key.models(), team == null ? List.of() : team.models());
  }

  /** Whether the key, its team and its user all allow {@code modelGroup}. */
  public boolean allows(String modelGroup) {
    return modelRefusal(modelGroup) == null;
  }

  /**
   * Why {@code modelGroup} is refused, in LiteLLM's words naming whose list refuses it (team first, then user, then
   * key), or null when the key, its team and its user all allow it.
   */
  public String modelRefusal(String modelGroup) {
    for (Principal owner : new Principal[] {team, user}) {
      if (owner != null && !ModelAccess.allows(owner.models(), modelGroup)) {
        return owner.kind() == Principal.Kind.TEAM
            ? "Team=" + owner.id() + " not allowed to access model. This team can only access models="
                + owner.models() + ". Tried to access " + modelGroup
            : "user not allowed to access model. This user can only access models=" + owner.models()
                + ". Tried to access " + modelGroup;
      }
    }
    if (!ModelAccess.allows(models(), modelGroup)) {
      return "key not allowed to access model. This key can only access models=" + models() + ". Tried to access "
          + modelGroup;
    }
    return null;
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
