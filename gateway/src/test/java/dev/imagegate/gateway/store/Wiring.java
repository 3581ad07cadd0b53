package dev.imagegate.gateway.store;

import dev.imagegate.Cost;
import dev.imagegate.Usage;
import dev.imagegate.gateway.budget.Admission;
import dev.imagegate.gateway.budget.CallOutcome;
import dev.imagegate.gateway.budget.Counters;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.budget.Permit;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.keys.KeyCache;
import dev.imagegate.gateway.keys.KeySecrets;
import dev.imagegate.gateway.keys.KeyService;
import dev.imagegate.gateway.keys.PrincipalService;
import dev.imagegate.gateway.spend.SpendQueries;
import dev.imagegate.gateway.spend.SpendWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

/** The storage half of a gateway, wired as the composition root would, with the writer driven by hand. */
final class Wiring implements AutoCloseable {
  final Store store;
  final SpendWriter writer;
  final KeyCache cache;
  final Counters counters;
  final Enforcement enforcement;
  final KeyService keys;
  final PrincipalService teams;
  final PrincipalService users;
  final PrincipalService customers;
  final SpendQueries spend;

  Wiring(DatabaseUrl url, StoreOptions options, TestClock clock, SpendWriter.Settings settings) {
    store = Store.open(url, options);
    writer = new SpendWriter(store.spend()::write, settings);
    cache = new KeyCache(store, clock, Duration.ofMinutes(5), 10_000);
    counters = new Counters(clock, writer);
    enforcement = new Enforcement(cache::endUser, counters, clock, writer);
    keys = new KeyService(store, cache, counters, new KeySecrets(new SecureRandom()), clock);
    teams = new PrincipalService(Principal.Kind.TEAM, store, cache, counters, clock, keys);
    users = new PrincipalService(Principal.Kind.USER, store, cache, counters, clock, keys);
    customers = new PrincipalService(Principal.Kind.END_USER, store, cache, counters, clock, keys);
    spend = new SpendQueries(store);
  }

  Permit admit(AuthenticatedKey key, String endUser, String model, Cost estimate) {
    return enforcement.admit(Admission.forKey(key, endUser, model, estimate));
  }

  /** A successful call that cost {@code cost}: charged and logged. */
  void succeed(Permit permit, Cost cost) {
    try (permit) {
      permit.complete(new CallOutcome(UUID.randomUUID().toString(), "dep-1", "openai", 1, "1024x1024", "standard",
          cost, new Usage(0, null, 0, 0), 1200, SpendRow.Status.SUCCESS, null, 0, 0, "a lighthouse", null));
    }
  }

  @Override
  public void close() {
    writer.close();
    store.close();
  }
}
