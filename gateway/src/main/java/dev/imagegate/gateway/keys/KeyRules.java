package dev.imagegate.gateway.keys;

import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Principal.Kind;
import dev.imagegate.gateway.store.Profile;
import dev.imagegate.gateway.store.Store;
import java.time.Instant;
import java.util.List;

/** The checks a key's settings must pass against the rest of the database before they are stored. */
final class KeyRules {
  private final Store store;
  private final KeyCache cache;

  KeyRules(Store store, KeyCache cache) {
    this.store = store;
    this.cache = cache;
  }

  /** The team, which must exist when named; its model list must cover the key's. */
  Principal team(String teamId, List<String> keyModels) {
    if (teamId == null) {
      return null;
    }
    Principal team = store.principals(Kind.TEAM).byId(teamId).orElseThrow(() -> new BadRequest(
        "Team '" + teamId + "' does not exist. Create it with /team/new first", "team_id"));
    for (String model : keyModels) {
      if (!model.equals(ModelAccess.ALL_TEAM_MODELS) && !ModelAccess.allows(team.models(), model)) {
        throw new BadRequest("Model '" + model + "' is not in the models of team " + teamId + " " + team.models()
            + ": a key's models must be within its team's", "models");
      }
    }
    return team;
  }

  /** Refuses an alias another key already has (LiteLLM requires unique aliases). */
  void uniqueAlias(String alias, String keyId) {
    if (alias == null) {
      return;
    }
    store.keys().byAlias(alias).filter(other -> !other.keyId().equals(keyId)).ifPresent(other -> {
      throw new BadRequest("Unique key aliases across all keys are required. Key alias '" + alias
          + "' is already in use", "key_alias");
    });
  }

  /** Creates a bare user (no budget) for a {@code user_id} that names none yet, as LiteLLM does. */
  void ensureUser(String userId, Instant now) {
    if (userId != null && store.principals(Kind.USER).insert(Principal.created(Kind.USER, userId, Profile.NONE,
        null, now))) {
      cache.invalidate(Kind.USER, userId);
    }
  }
}
