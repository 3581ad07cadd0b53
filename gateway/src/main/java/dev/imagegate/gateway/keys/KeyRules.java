package dev.imagegate.gateway.keys;

import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.gateway.store.TeamRecord;
import dev.imagegate.gateway.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The checks a key's settings must pass against the rest of the database before they are stored. */
final class KeyRules {
  private final Store store;
  private final KeyCache cache;

  KeyRules(Store store, KeyCache cache) {
    this.store = store;
    this.cache = cache;
  }

  /** The team, which must exist when named; its model list must cover the key's. */
  TeamRecord team(String teamId, List<String> keyModels) {
    if (teamId == null) {
      return null;
    }
    TeamRecord team = store.teams().byId(teamId).orElseThrow(() -> new BadRequest(
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
    if (userId != null && store.users().byId(userId).isEmpty()) {
      store.users().insert(new UserRecord(userId, null, null, null, List.of(), null, Map.of(), 0, now, now));
      cache.invalidateUser(userId);
    }
  }
}
