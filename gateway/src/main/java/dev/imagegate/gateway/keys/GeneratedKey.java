package dev.imagegate.gateway.keys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to {@code /key/generate} and {@code /key/regenerate}: the only time the secret is shown.
 *
 * @param key the plaintext {@code sk-...} secret
 * @param duration the {@code duration} the key was created with, or null
 */
public record GeneratedKey(String key, KeyView view, String duration) {
  @Override
  public String toString() {
    return "GeneratedKey[" + view.key().keyName() + "]";
  }

  /** LiteLLM's GenerateKeyResponse: {@code key} plus the token object ({@code token} = the hash). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("key", key);
    json.putAll(view.toJson());
    json.put("token_id", view.key().token());
    json.put("duration", duration);
    return json;
  }
}
