package dev.imagegate.gateway.auth;

import dev.imagegate.gateway.keys.AuthenticatedKey;

/**
 * Who is calling: the operator with the master key, anyone when the gateway is open (no master key), or a client
 * holding a virtual key (with its team and user, whose limits apply too).
 *
 * @param keyHash SHA-256 hex of the key presented, or null when none was needed
 * @param key the virtual key, or null for the master key and an open gateway
 */
public record Caller(Kind kind, String keyHash, AuthenticatedKey key) {
  public enum Kind { MASTER, OPEN, VIRTUAL }

  public static final Caller OPEN = new Caller(Kind.OPEN, null, null);

  public boolean isAdmin() {
    return kind != Kind.VIRTUAL;
  }

  /** Whether this caller may use {@code modelGroup}: any for the operator, the key's (and team's) list for a key. */
  public boolean allows(String modelGroup) {
    return key == null || key.allows(modelGroup);
  }
}
