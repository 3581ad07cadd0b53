package dev.imagegate.gateway.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.gateway.store.EndUserRecord;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.gateway.store.TeamRecord;
import dev.imagegate.gateway.store.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  private final Cache<String, Optional<TeamRecord>> teams;
  private final Cache<String, Optional<UserRecord>> users;
  private final Cache<String, Optional<EndUserRecord>> endUsers;

  public KeyCache(Store store, Clock clock, Duration ttl, long maximumSize) {
    this.store = store;
    this.clock = clock;
    this.keys = build(ttl, maximumSize);
    this.teams = build(ttl, maximumSize);
    this.users = build(ttl, maximumSize);
    this.endUsers = build(ttl, maximumSize);
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
    TeamRecord team = key.teamId() == null ? null : team(key.teamId()).orElse(null);
    if (team != null && team.blocked()) {
      throw new Authentication("Authentication Error, Team=" + team.teamId()
          + " is blocked. Update via `/team/unblock` if you're an admin.", Details.of("imagegate"));
    }
    UserRecord user = key.userId() == null ? null : user(key.userId()).orElse(null);
    return new AuthenticatedKey(key, team, user);
  }

  public Optional<TeamRecord> team(String teamId) {
    return teams.get(teamId, store.teams()::byId);
  }

  public Optional<UserRecord> user(String userId) {
    return users.get(userId, store.users()::byId);
  }

  public Optional<EndUserRecord> endUser(String endUserId) {
    return endUsers.get(endUserId, store.endUsers()::byId);
  }

  public void invalidateKey(String token) {
    keys.invalidate(token);
  }

  public void invalidateTeam(String teamId) {
    teams.invalidate(teamId);
  }

  public void invalidateUser(String userId) {
    users.invalidate(userId);
  }

  /** Forgets every key, team and user: another gateway changed one of them. */
  public void invalidateAccounts() {
    keys.invalidateAll();
    teams.invalidateAll();
    users.invalidateAll();
  }

  public void invalidateEndUsers() {
    endUsers.invalidateAll();
  }

  public void invalidateEndUser(String endUserId) {
    endUsers.invalidate(endUserId);
  }
}
