package dev.imagegate.gateway.admin;

import dev.imagegate.gateway.GatewaySettings;
import dev.imagegate.gateway.budget.Counters;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.keys.CustomerService;
import dev.imagegate.gateway.keys.KeyCache;
import dev.imagegate.gateway.keys.KeySecrets;
import dev.imagegate.gateway.keys.KeyService;
import dev.imagegate.gateway.keys.TeamService;
import dev.imagegate.gateway.keys.UserService;
import dev.imagegate.gateway.spend.Backoff;
import dev.imagegate.gateway.spend.SpendQueries;
import dev.imagegate.gateway.spend.SpendWriter;
import dev.imagegate.gateway.store.DatabaseUrl;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.gateway.store.StoreOptions;
import dev.imagegate.provider.Env;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Keys, teams, users, end users, budgets and spend: the store and everything built on it, opened and closed together.
 * Closing flushes the spend rows still queued, then closes the database. A SQLite file is held by one gateway at a
 * time ({@link SqliteLock}); PostgreSQL is shared.
 */
public record Accounts(Store store, SpendWriter writer, KeyCache cache, Enforcement enforcement, KeyService keys,
                       TeamService teams, UserService users, CustomerService customers, SpendQueries spend,
                       SqliteLock sqliteLock)
    implements AutoCloseable {

  /** Opens (and migrates) the database and starts the spend writer. */
  public static Accounts open(GatewaySettings.Store settings, Env env, Clock clock) {
    DatabaseUrl url = DatabaseUrl.resolve(settings.databaseUrl(), env, settings.configDir());
    SqliteLock lock = SqliteLock.claim(url);
    Store store;
    try {
      store = Store.open(url, StoreOptions.DEFAULTS);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
    SpendWriter writer = new SpendWriter(store.spend()::write, new SpendWriter.Settings(
        settings.batchWriteInterval(), 100_000, 500, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)),
        settings.storePrompts(), 3));
    writer.start();
    KeyCache cache = new KeyCache(store, clock, Duration.ofSeconds(60), 100_000);
    Counters counters = new Counters(clock, writer);
    Enforcement enforcement = new Enforcement(cache::endUser, counters, clock, writer);
    KeyService keys = new KeyService(store, cache, counters, new KeySecrets(new SecureRandom()), clock);
    return new Accounts(store, writer, cache, enforcement, keys, new TeamService(store, cache, counters, clock, keys),
        new UserService(store, cache, counters, clock, keys), new CustomerService(store, cache, counters, clock),
        new SpendQueries(store), lock);
  }

  /** "ok", or what is wrong with the database (for readiness). */
  public String status() {
    return store.reachable(2) ? "ok" : "unreachable: " + store.url();
  }

  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      store.close();
      if (sqliteLock != null) {
        sqliteLock.close();
      }
    }
  }
}
