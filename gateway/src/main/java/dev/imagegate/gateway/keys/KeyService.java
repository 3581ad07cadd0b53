package dev.imagegate.gateway.keys;

import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.NotFound;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetDuration;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.KeyTable;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Virtual keys: the service behind {@code /key/generate}, {@code /key/info}, {@code /key/update},
 * {@code /key/delete}, {@code /key/list}, {@code /key/block}, {@code /key/unblock} and {@code /key/regenerate}.
 * Keys are named by their secret ({@code sk-...}) or its SHA-256 hash. Every change invalidates the key cache, so
 * the next call sees it. Failures: {@link dev.imagegate.error.BadRequest} (400, names the field) for invalid
 * settings, {@link NotFound} (404) for an unknown key, {@link dev.imagegate.gateway.store.StoreException} when the
 * database fails. Thread-safe.
 */
public final class KeyService {
  private final Store store;
  private final KeyCache cache;
  private final LiveSpend live;
  private final KeySecrets secrets;
  private final Clock clock;
  private final KeyRules rules;

  public KeyService(Store store, KeyCache cache, LiveSpend live, KeySecrets secrets, Clock clock) {
    this.store = store;
    this.cache = cache;
    this.live = live;
    this.secrets = secrets;
    this.clock = clock;
    this.rules = new KeyRules(store, cache);
  }

  /** Creates a key and returns its secret, which is never stored or shown again. */
  public GeneratedKey generate(GenerateKeyRequest request) {
    Instant now = clock.instant();
    rules.team(request.teamId(), request.models());
    rules.uniqueAlias(request.keyAlias(), null);
    rules.ensureUser(request.userId(), now);
    String secret = secrets.newSecret();
    KeyRecord key = KeyRecord.builder(UUID.randomUUID().toString(), KeySecrets.hash(secret),
            KeySecrets.abbreviate(secret), now)
        .keyAlias(request.keyAlias()).models(request.models()).expiresAt(expiry(request.duration(), now))
        .budget(Budget.starting(Nanos.ofNullable(request.maxBudget()), request.budgetDuration(), now))
        .rpmLimit(request.rpmLimit()).maxParallelRequests(request.maxParallelRequests()).userId(request.userId())
        .teamId(request.teamId()).metadata(request.metadata()).tags(request.tags()).guardrails(request.guardrails())
        .build();
    store.keys().insert(key);
    cache.invalidateKey(key.token());
    return new GeneratedKey(secret, view(key), request.duration() == null ? null : request.duration().toString());
  }

  public KeyResults.Info info(String keyOrHash) {
    return new KeyResults.Info(keyOrHash, view(find(keyOrHash)));
  }

  /** Applies the fields present in {@code request}; see {@link UpdateKeyRequest}. */
  public KeyView update(UpdateKeyRequest request) {
    KeyRecord current = find(request.key());
    Instant now = clock.instant();
    List<String> models = request.models().map(List::copyOf).or(current.models());
    String teamId = request.teamId().or(current.teamId());
    rules.team(teamId, models);
    String alias = request.keyAlias().or(current.keyAlias());
    rules.uniqueAlias(alias, current.keyId());
    String userId = request.userId().or(current.userId());
    rules.ensureUser(userId, now);
    Budget budget = BudgetChanges.apply(current.budget(), request.maxBudget(), request.budgetDuration(), now);
    KeyRecord updated = current.toBuilder().keyAlias(alias).models(models)
        .expiresAt(request.duration().present() ? expiry(request.duration().value(), now) : current.expiresAt())
        .budget(budget).rpmLimit(request.rpmLimit().or(current.rpmLimit()))
        .maxParallelRequests(request.maxParallelRequests().or(current.maxParallelRequests())).userId(userId)
        .teamId(teamId).metadata(request.metadata().or(current.metadata())).tags(request.tags().or(current.tags()))
        .guardrails(request.guardrails().or(current.guardrails()))
        .blocked(request.blocked().or(current.blocked()) == Boolean.TRUE).updatedAt(now).build();
    store.keys().update(updated);
    cache.invalidateKey(current.token());
    return view(updated);
  }

  private static Instant expiry(BudgetDuration duration, Instant now) {
    return duration == null ? null : duration.after(now);
  }

  /** Deletes every named key, or none when one of them does not exist (404) or the database fails midway. */
  public KeyResults.Deleted delete(KeyRef.Delete request) {
    List<KeyRecord> doomed = new ArrayList<>();
    request.keys().forEach(key -> doomed.add(find(key)));
    request.keyAliases().forEach(alias -> doomed.add(store.keys().byAlias(alias).orElseThrow(
        () -> new NotFound("Key with alias '" + alias + "' not found", Details.of("imagegate")))));
    store.keys().delete(doomed.stream().map(KeyRecord::keyId).toList());
    forget(doomed);
    List<String> deleted = new ArrayList<>(request.keys());
    deleted.addAll(request.keyAliases());
    return new KeyResults.Deleted(deleted);
  }

  /** Drops the cache entries and live spend of keys the database no longer has (their team or user went too). */
  void forget(List<KeyRecord> deleted) {
    for (KeyRecord key : deleted) {
      cache.invalidateKey(key.token());
      live.forget(BudgetScope.KEY, key.keyId());
    }
  }

  public KeyResults.Page list(KeyListQuery query) {
    KeyTable.Filter filter = new KeyTable.Filter(query.userId(), query.teamId(), query.keyAlias());
    long total = store.keys().count(filter);
    List<KeyView> keys = store.keys().list(filter, query.page(), query.size()).stream().map(this::view).toList();
    int pages = (int) ((total + query.size() - 1) / query.size());
    return new KeyResults.Page(keys, total, query.page(), pages, query.returnFullObject());
  }

  public KeyView block(String keyOrHash) {
    return setBlocked(keyOrHash, true);
  }

  public KeyView unblock(String keyOrHash) {
    return setBlocked(keyOrHash, false);
  }

  private KeyView setBlocked(String keyOrHash, boolean blocked) {
    KeyRecord key = find(keyOrHash);
    Instant now = clock.instant();
    store.keys().setBlocked(key.keyId(), blocked, now);
    cache.invalidateKey(key.token());
    return view(key.withBlocked(blocked, now));
  }

  /** A new secret for the same key: settings, spend and budgets stay; the old secret stops working at once. */
  public GeneratedKey regenerate(String keyOrHash) {
    KeyRecord key = find(keyOrHash);
    Instant now = clock.instant();
    String secret = secrets.newSecret();
    KeyRecord renewed = key.withSecret(KeySecrets.hash(secret), KeySecrets.abbreviate(secret), now);
    store.keys().replaceSecret(key.keyId(), renewed.token(), renewed.keyName(), now);
    cache.invalidateKey(key.token());
    cache.invalidateKey(renewed.token());
    return new GeneratedKey(secret, view(renewed), null);
  }

  /** The key named by its secret or hash; {@link NotFound} when there is none. */
  public KeyRecord find(String keyOrHash) {
    return store.keys().byToken(KeySecrets.token(keyOrHash)).orElseThrow(() -> new NotFound(
        "Key not found: " + (keyOrHash.startsWith("sk-") ? KeySecrets.abbreviate(keyOrHash) : keyOrHash),
        Details.of("imagegate")));
  }

  public KeyView view(KeyRecord key) {
    return new KeyView(key, live.current(BudgetScope.KEY, key.keyId(), key.spendNanos()));
  }
}
