package dev.imagegate.gateway.keys;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.NotFound;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.KeyTable;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.gateway.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Internal users: the service behind {@code /user/new}, {@code /user/info}, {@code /user/update} and
 * {@code /user/delete}. A user's budget is shared by all its keys. Deleting a user deletes its keys. Failures:
 * {@link BadRequest}, {@link NotFound} (404), {@link dev.imagegate.gateway.store.StoreException}. Thread-safe.
 */
public final class UserService {
  private final Store store;
  private final KeyCache cache;
  private final LiveSpend live;
  private final Clock clock;
  private final KeyService keys;

  public UserService(Store store, KeyCache cache, LiveSpend live, Clock clock, KeyService keys) {
    this.store = store;
    this.cache = cache;
    this.live = live;
    this.clock = clock;
    this.keys = keys;
  }

  public UserView.Created create(UserRequests.New request) {
    Instant now = clock.instant();
    String userId = request.userId() == null ? UUID.randomUUID().toString() : request.userId();
    if (store.users().byId(userId).isPresent()) {
      throw new BadRequest("User id '" + userId + "' already exists", "user_id");
    }
    UserRecord user = new UserRecord(userId, request.userAlias(), request.userEmail(), request.userRole(),
        request.models(), Budget.starting(Nanos.ofNullable(request.maxBudget()), request.budgetDuration(), now),
        request.metadata(), 0, now, now);
    store.users().insert(user);
    cache.invalidateUser(userId);
    GeneratedKey key = request.autoCreateKey() ? keys.generate(new GenerateKeyRequest(request.models(), null, null,
        null, null, null, null, userId, null, null, null, null)) : null;
    return new UserView.Created(view(user), key);
  }

  public UserView.Info info(String userId) {
    UserRecord user = find(userId);
    List<KeyView> userKeys = store.keys().list(new KeyTable.Filter(userId, null, null), 1, Integer.MAX_VALUE)
        .stream().map(keys::view).toList();
    return new UserView.Info(view(user), userKeys);
  }

  public UserView update(UserRequests.Update request) {
    UserRecord current = find(request.userId());
    Instant now = clock.instant();
    Budget budget = BudgetChanges.apply(current.budget(), request.maxBudget(), request.budgetDuration(), now);
    UserRecord updated = new UserRecord(current.userId(), request.userAlias().or(current.userAlias()),
        request.userEmail().or(current.userEmail()), request.userRole().or(current.userRole()),
        request.models().map(List::copyOf).or(current.models()), budget, request.metadata().or(current.metadata()),
        current.spendNanos(), current.createdAt(), now);
    store.users().update(updated);
    cache.invalidateUser(current.userId());
    return view(updated);
  }

  /** Deletes the users and their keys; none when one user does not exist (404). */
  public List<String> delete(List<String> userIds) {
    userIds.forEach(this::find);
    for (String userId : userIds) {
      keys.deleteRecords(store.keys().list(new KeyTable.Filter(userId, null, null), 1, Integer.MAX_VALUE));
      store.users().delete(userId);
      cache.invalidateUser(userId);
      live.forget(BudgetScope.USER, userId);
    }
    return userIds;
  }

  private UserRecord find(String userId) {
    return store.users().byId(userId).orElseThrow(
        () -> new NotFound("User not found: " + userId, Details.of("imagegate")));
  }

  /** Every user, for {@code GET /user/list}. */
  public List<UserView> list() {
    return store.users().list().stream().map(this::view).toList();
  }

  private UserView view(UserRecord user) {
    return new UserView(user, live.current(BudgetScope.USER, user.userId(), user.spendNanos()));
  }
}
