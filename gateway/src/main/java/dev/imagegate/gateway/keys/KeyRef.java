package dev.imagegate.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.BadRequest;
import java.util.List;
import java.util.Set;

/** Bodies that only name keys: {@code {"key": "..."}} (block, unblock, regenerate) and {@code /key/delete}. */
public final class KeyRef {
  private KeyRef() {}

  /** The {@code key} field (secret or hash) of {@code {"key": "..."}}. */
  public static String from(JsonNode body) {
    String key = JsonParams.of(body, Set.of("key")).string("key");
    if (key == null) {
      throw new BadRequest("'key' is required: the key, as its secret or its hash", "key");
    }
    return key;
  }

  /** {@code POST /key/delete}: {@code keys} (secrets or hashes) and/or {@code key_aliases}. */
  public record Delete(List<String> keys, List<String> keyAliases) {
    public Delete {
      keys = keys == null ? List.of() : List.copyOf(keys);
      keyAliases = keyAliases == null ? List.of() : List.copyOf(keyAliases);
      if (keys.isEmpty() && keyAliases.isEmpty()) {
        throw new BadRequest("'keys' or 'key_aliases' must name at least one key to delete", "keys");
      }
    }

    public static Delete from(JsonNode body) {
      JsonParams p = JsonParams.of(body, Set.of("keys", "key_aliases"));
      return new Delete(p.strings("keys"), p.strings("key_aliases"));
    }
  }
}
