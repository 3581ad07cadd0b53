package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.TeamRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A team as LiteLLM's team endpoints show it; {@code spendNanos} is the current period's, counted live. */
public record TeamView(TeamRecord team, long spendNanos) {
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("team_id", team.teamId());
    json.put("team_alias", team.teamAlias());
    json.put("models", team.models());
    Views.budget(json, team.budget(), spendNanos);
    json.put("rpm_limit", team.rpmLimit());
    json.put("tpm_limit", null);
    json.put("metadata", team.metadata());
    json.put("blocked", team.blocked());
    json.put("members_with_roles", List.of());
    json.put("created_at", Views.time(team.createdAt()));
    json.put("updated_at", Views.time(team.updatedAt()));
    return json;
  }

  /** {@code GET /team/info}: {@code {"team_id", "team_info", "keys"}}. */
  public record Info(TeamView team, List<KeyView> keys) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("team_id", team.team().teamId());
      json.put("team_info", team.toJson());
      json.put("keys", keys.stream().map(KeyView::toJson).toList());
      return json;
    }
  }
}
