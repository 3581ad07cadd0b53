package dev.imagegate.gateway.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Results of the key endpoints that are not a single key. */
public final class KeyResults {
  private KeyResults() {}

  /** {@code GET /key/info}: {@code {"key": <as asked>, "info": {...}}}. */
  public record Info(String key, KeyView view) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("key", key);
      json.put("info", view.toJson());
      return json;
    }
  }

  /** {@code GET /key/list}: hashes, or whole token objects with {@code return_full_object=true}. */
  public record Page(List<KeyView> keys, long totalCount, int currentPage, int totalPages, boolean fullObjects) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("keys", keys.stream().map(k -> fullObjects ? k.toJson() : (Object) k.key().token()).toList());
      json.put("total_count", totalCount);
      json.put("current_page", currentPage);
      json.put("total_pages", totalPages);
      return json;
    }
  }

  /** {@code POST /key/delete}: {@code {"deleted_keys": [...]}} with the keys and aliases as given. */
  public record Deleted(List<String> deletedKeys) {
    public Map<String, Object> toJson() {
      return Map.of("deleted_keys", deletedKeys);
    }
  }
}
