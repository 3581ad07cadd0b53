package dev.imagegate.gateway.auth;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.gateway.http.Exchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks the key a request presents ({@code Authorization: Bearer <key>}, or the {@code api-key} header Azure-style
 * clients send) against the master key. Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * the comparison takes the same time wherever the keys differ. Without a master key the gateway is open. Thread-safe.
 */
public final class Authenticator {
  private final byte[] masterDigest;
  private final String masterHash;

  /** @param masterKey the master key, or null for an open gateway */
  public Authenticator(String masterKey) {
    this.masterDigest = masterKey == null || masterKey.isBlank() ? null : sha256(masterKey);
    this.masterHash = masterDigest == null ? null : HexFormat.of().formatHex(masterDigest);
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
      return new Caller(Caller.Kind.MASTER, masterHash);
    }
    throw new Authentication("Invalid API key", ImageGateException.Details.of("imagegate"));
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
