package dev.imagegate.gateway.auth;

/**
 * Who is calling: the operator with the master key, anyone when the gateway is open (no master key), or a client
 * holding a virtual key.
 *
 * @param keyHash SHA-256 hex of the key presented, or null when none was needed
 */
public record Caller(Kind kind, String keyHash) {
  public enum Kind { MASTER, OPEN }

  public static final Caller OPEN = new Caller(Kind.OPEN, null);

  public boolean isMaster() {
    return kind == Kind.MASTER;
  }
}
