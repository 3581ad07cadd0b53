package dev.imagegate.gateway.auth;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.observe.AccessLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Checks the key a request presents ({@code Authorization: Bearer <key>}, or the {@code api-key} header Azure-style
 * clients send): the master key, else a virtual key from the key store (cached in memory). The master key is compared
 * as a SHA-256 digest with {@link MessageDigest#isEqual}, so the comparison takes the same time wherever the keys
 * differ; virtual keys are looked up by their hash. Without a master key the gateway is open and keys are not
 * checked (as LiteLLM: virtual keys need a master key). Thread-safe.
 */
public final class Authenticator {
  private final byte[] masterDigest;
  private final String masterHash;
  private final Function<String, AuthenticatedKey> virtualKeys;

  /**
   * @param masterKey the master key, or null for an open gateway
   * @param virtualKeys looks up a presented virtual key; throws {@link Authentication} for unknown, expired or blocked
   */
  public Authenticator(String masterKey, Function<String, AuthenticatedKey> virtualKeys) {
    this.masterDigest = masterKey == null || masterKey.isBlank() ? null : sha256(masterKey);
    this.masterHash = masterDigest == null ? null : HexFormat.of().formatHex(masterDigest);
    this.virtualKeys = virtualKeys;
  }

  public boolean open() {
    return masterDigest == null;
  }

  /** The caller, or an {@link Authentication} error (401) naming what was wrong. */
  public Caller authenticate(Exchange exchange) {
    if (open()) {
      return Caller.OPEN;
    }
    String key = presentedKey(exchange);
    if (key == null) {
      throw new Authentication("Missing API key: send 'Authorization: Bearer <key>' (or an 'api-key' header)",
          ImageGateException.Details.of("imagegate"));
    }
    byte[] digest = sha256(key);
    if (MessageDigest.isEqual(digest, masterDigest)) {
      return new Caller(Caller.Kind.MASTER, masterHash, null);
    }
    AuthenticatedKey virtual = virtualKeys.apply(key);
    return new Caller(Caller.Kind.VIRTUAL, virtual.key().token(), virtual);
  }

  /** The caller when it presents the master key; else 401 or 403 (always 403 when no master key is configured). */
  public Caller requireAdmin(Exchange exchange) {
    refuseWhenOpen(exchange);
    Caller caller = authenticate(exchange);
    if (!caller.isAdmin()) {
      throw new PermissionDenied("Only the master key may call " + AccessLog.scrub(exchange.path()),
          ImageGateException.Details.NONE);
    }
    return caller;
  }

  /**
   * Refuses a management endpoint on a gateway without a master key: keys, teams, users, customers and spend would
   * otherwise be readable and writable by anyone who reaches the port.
   */
  public void refuseWhenOpen(Exchange exchange) {
    if (open()) {
      throw new PermissionDenied(AccessLog.scrub(exchange.path()) + " needs a master key: set general_settings.master_key in the "
          + "config (or LITELLM_MASTER_KEY / IMAGEGATE_MASTER_KEY) and send it as 'Authorization: Bearer <key>'",
          ImageGateException.Details.NONE);
    }
  }

  /** The key from {@code Authorization: Bearer ...} or {@code api-key}, or null. */
  public static String presentedKey(Exchange exchange) {
    String authorization = exchange.requestHeader("Authorization");
    if (authorization != null) {
      String trimmed = authorization.trim();
      if (trimmed.equalsIgnoreCase("Bearer")) {
        return null;
      }
      if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String key = trimmed.substring(7).trim();
        return key.isEmpty() ? null : key;
      }
      return trimmed.isEmpty() ? null : trimmed;
    }
    String apiKey = exchange.requestHeader("api-key");
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }

  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
