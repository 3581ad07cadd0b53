package dev.imagegate.gateway.keys;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.NotFound;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.EndUserRecord;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * End users (LiteLLM's customers): the service behind {@code /customer/new} ({@code /end_user/new}),
 * {@code /customer/info}, {@code /customer/update}, {@code /customer/delete}, {@code /customer/block} and
 * {@code /customer/unblock}. End users the gateway has only seen in calls exist without a budget; give them one with
 * {@code /customer/update}. Failures: {@link BadRequest}, {@link NotFound} (404),
 * {@link dev.imagegate.gateway.store.StoreException}. Thread-safe.
 */
public final class CustomerService {
  private final Store store;
  private final KeyCache cache;
  private final LiveSpend live;
  private final Clock clock;

  public CustomerService(Store store, KeyCache cache, LiveSpend live, Clock clock) {
    this.store = store;
    this.cache = cache;
    this.live = live;
    this.clock = clock;
  }

  public CustomerView create(CustomerRequests.New request) {
    Instant now = clock.instant();
    if (store.endUsers().byId(request.userId()).isPresent()) {
      throw new BadRequest("Customer '" + request.userId() + "' already exists; change it with /customer/update",
          "user_id");
    }
    EndUserRecord endUser = new EndUserRecord(request.userId(), request.alias(),
        Budget.starting(Nanos.ofNullable(request.maxBudget()), request.budgetDuration(), now), request.blocked(), 0,
        now, now);
    store.endUsers().insert(endUser);
    cache.invalidateEndUser(request.userId());
    return view(endUser);
  }

  /** {@code GET /customer/info?end_user_id=...}. */
  public CustomerView info(String endUserId) {
    return view(find(endUserId));
  }

  public CustomerView update(CustomerRequests.Update request) {
    EndUserRecord current = find(request.userId());
    Instant now = clock.instant();
    Budget budget = BudgetChanges.apply(current.budget(), request.maxBudget(), request.budgetDuration(), now);
    EndUserRecord updated = new EndUserRecord(current.userId(), request.alias().or(current.alias()), budget,
        request.blocked().or(current.blocked()) == Boolean.TRUE, current.spendNanos(), current.createdAt(), now);
    store.endUsers().update(updated);
    cache.invalidateEndUser(current.userId());
    return view(updated);
  }

  public List<String> delete(List<String> endUserIds) {
    endUserIds.forEach(this::find);
    for (String id : endUserIds) {
      store.endUsers().delete(id);
      cache.invalidateEndUser(id);
      live.forget(BudgetScope.END_USER, id);
    }
    return endUserIds;
  }

  /** {@code POST /customer/block}: answers LiteLLM's {@code {"blocked_users": [...]}} with these ids. */
  public List<String> block(List<String> endUserIds) {
    return setBlocked(endUserIds, true);
  }

  public List<String> unblock(List<String> endUserIds) {
    return setBlocked(endUserIds, false);
  }

  private List<String> setBlocked(List<String> endUserIds, boolean blocked) {
    endUserIds.forEach(this::find);
    Instant now = clock.instant();
    for (String id : endUserIds) {
      store.endUsers().setBlocked(id, blocked, now);
      cache.invalidateEndUser(id);
    }
    return endUserIds;
  }

  private EndUserRecord find(String endUserId) {
    return store.endUsers().byId(endUserId).orElseThrow(
        () -> new NotFound("Customer not found: " + endUserId, Details.of("imagegate")));
  }

  /** Every end user (customer), for {@code GET /customer/list}. */
  public List<CustomerView> list() {
    return store.endUsers().list().stream().map(this::view).toList();
  }

  private CustomerView view(EndUserRecord endUser) {
    return new CustomerView(endUser, live.current(BudgetScope.END_USER, endUser.userId(), endUser.spendNanos()));
  }
}
