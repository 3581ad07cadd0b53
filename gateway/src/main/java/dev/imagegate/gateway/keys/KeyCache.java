package dev.imagegate.gateway.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Principal.Kind;
import dev.imagegate.gateway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory lookups of keys (by hash), teams, users and end users, so that authenticating a call does not touch the
 * database once an entry is loaded. Misses are cached too (an unknown key costs one query, not one per call). The
 * management services invalidate an entry whenever they change it; {@code ttl} bounds how stale an entry can get when
 * another gateway instance changes the database. Thread-safe.
 */
public final class KeyCache {
  private final Store store;
  private final Clock clock;
  private final Cache<String, Optional<KeyRecord>> keys;
  private final Map<Kind, Cache<String, Optional<Principal>>> principals = new EnumMap<>(Kind.class);

  public KeyCache(Store store, Clock clock, Duration ttl, long maximumSize) {
    this.store = store;
    this.clock = clock;
    this.keys = build(ttl, maximumSize);
    for (Kind kind : Kind.values()) {
      principals.put(kind, build(ttl, maximumSize));
    }
  }

  private static <V> Cache<String, V> build(Duration ttl, long maximumSize) {
    return Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
  }

  /**
   * The key a caller presented (its {@code sk-...} secret), with its team and user. Throws {@link Authentication}
   * (401, LiteLLM's messages) for an unknown, expired or blocked key, or a key whose team is blocked; a
   * {@link dev.imagegate.gateway.store.StoreException} when the database is needed and fails.
   */
  public AuthenticatedKey authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isBlank()) {
      throw new Authentication("Authentication Error, No API key passed in.", Details.of("imagegate"));
    }
    KeyRecord key = keys.get(KeySecrets.hash(presentedKey), store.keys()::byToken)
        .orElseThrow(() -> new Authentication("Authentication Error, Invalid proxy server token passed.",
            Details.of("imagegate")));
    Instant now = clock.instant();
    if (key.expired(now)) {
      throw new Authentication("Authentication Error - Expired Key. Key Expiry time " + key.expiresAt()
          + " and current time " + now, Details.of("imagegate"));
    }
    if (key.blocked()) {
      throw new Authentication("Authentication Error, Key is blocked. Update via `/key/unblock` if you're an admin.",
          Details.of("imagegate"));
    }
    Principal team = key.teamId() == null ? null : principal(Kind.TEAM, key.teamId()).orElse(null);
    if (team != null && team.blocked()) {
      throw new Authentication("Authentication Error, Team=" + team.id()
          + " is blocked. Update via `/team/unblock` if you're an admin.", Details.of("imagegate"));
    }
    Principal user = key.userId() == null ? null : principal(Kind.USER, key.userId()).orElse(null);
    return new AuthenticatedKey(key, team, user);
  }

  /** The team, user or end user with this id, from the cache or else the database. */
  public Optional<Principal> principal(Kind kind, String id) {
    return principals.get(kind).get(id, store.principals(kind)::byId);
  }

  /** The end user a call names: {@code principal(END_USER, id)}. */
  public Optional<Principal> endUser(String endUserId) {
    return principal(Kind.END_USER, endUserId);
  }

  public void invalidateKey(String token) {
    keys.invalidate(token);
  }

  public void invalidate(Kind kind, String id) {
    principals.get(kind).invalidate(id);
  }

  /** Forgets every key, team and user: another gateway changed one of them. */
  public void invalidateAccounts() {
    keys.invalidateAll();
    principals.get(Kind.TEAM).invalidateAll();
    principals.get(Kind.USER).invalidateAll();
  }

  public void invalidateEndUsers() {
    principals.get(Kind.END_USER).invalidateAll();
  }
}
