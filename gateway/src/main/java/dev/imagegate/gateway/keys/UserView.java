package dev.imagegate.gateway.keys;

import dev.imagegate.gateway.store.UserRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An internal user as LiteLLM's user endpoints show it; {@code spendNanos} is the current period's, live. */
public record UserView(UserRecord user, long spendNanos) {
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user_id", user.userId());
    json.put("user_alias", user.userAlias());
    json.put("user_email", user.userEmail());
    json.put("user_role", user.userRole());
    json.put("models", user.models());
    Views.budget(json, user.budget(), spendNanos);
    json.put("metadata", user.metadata());
    json.put("teams", List.of());
    json.put("created_at", Views.time(user.createdAt()));
    json.put("updated_at", Views.time(user.updatedAt()));
    return json;
  }

  /** {@code GET /user/info}: {@code {"user_id", "user_info", "keys", "teams"}}. */
  public record Info(UserView user, List<KeyView> keys) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("user_id", user.user().userId());
      json.put("user_info", user.toJson());
      json.put("keys", keys.stream().map(KeyView::toJson).toList());
      json.put("teams", List.of());
      return json;
    }
  }

  /** {@code POST /user/new}: the user, plus {@code key} (the secret, shown once) when one was generated. */
  public record Created(UserView user, GeneratedKey key) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      if (key != null) {
        json.putAll(key.toJson());
      }
      json.putAll(user.toJson());
      return json;
    }
  }
}
