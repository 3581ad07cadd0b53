package dev.imagegate.gateway.keys;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.NotFound;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Principal.Kind;
import dev.imagegate.gateway.store.PrincipalTable;
import dev.imagegate.gateway.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Teams, internal users or customers (end users), one {@link Kind} per instance: the service behind
 * {@code <route>/new}, {@code /info}, {@code /update}, {@code /delete}, {@code /list} and, for kinds with a blocked
 * flag, {@code /block} and {@code /unblock}. A principal's budget is shared by everything charged to it; a team's
 * model list bounds its keys'. Deleting a team or user deletes its keys in the same transaction (as LiteLLM). End
 * users the gateway has only seen in calls exist without a budget; give them one with {@code /customer/update}.
 * Failures: {@link BadRequest}, {@link NotFound} (404), {@link dev.imagegate.gateway.store.StoreException}.
 * Thread-safe.
 */
public final class PrincipalService {
  private final Kind kind;
  private final PrincipalTable table;
  private final Store store;
  private final KeyCache cache;
  private final LiveSpend live;
  private final Clock clock;
  private final KeyService keys;

  public PrincipalService(Kind kind, Store store, KeyCache cache, LiveSpend live, Clock clock, KeyService keys) {
    this.kind = kind;
    this.table = store.principals(kind);
    this.store = store;
    this.cache = cache;
    this.live = live;
    this.clock = clock;
    this.keys = keys;
  }

  public Kind kind() {
    return kind;
  }

  public PrincipalView.Created create(PrincipalRequests.New request) {
    requireKind(request.kind());
    Instant now = clock.instant();
    String id = request.id() == null ? UUID.randomUUID().toString() : request.id();
    Principal principal = Principal.created(kind, id, request.profile(),
        Budget.starting(Nanos.ofNullable(request.maxBudget()), request.budgetDuration(), now), now);
    if (!table.insert(principal)) {
      throw new BadRequest(kind.noun() + " '" + id + "' already exists; change it with " + kind.route() + "/update",
          kind.idColumn());
    }
    cache.invalidate(kind, id);
    GeneratedKey key = request.createKey()
        ? keys.generate(GenerateKeyRequest.builder().models(principal.models()).userId(id).build()) : null;
    return new PrincipalView.Created(view(principal), key);
  }

  public PrincipalView.Info info(String id) {
    Principal principal = find(id);
    List<KeyView> owned = kind.ownsKeys()
        ? store.keys().ownedBy(kind, id).stream().map(keys::view).toList() : List.of();
    return new PrincipalView.Info(view(principal), owned);
  }

  public PrincipalView update(PrincipalRequests.Update request) {
    requireKind(request.kind());
    Principal current = find(request.id());
    Instant now = clock.instant();
    Budget budget = BudgetChanges.apply(current.budget(), request.maxBudget(), request.budgetDuration(), now);
    Principal updated = current.changed(request.profile().applyTo(current.profile()), budget, now);
    table.update(updated);
    cache.invalidate(kind, current.id());
    return view(updated);
  }

  /** Deletes the principals and the keys they own, in one transaction; none when one does not exist (404). */
  public List<String> delete(List<String> ids) {
    PrincipalTable.Deletion deletion = table.delete(ids);
    if (deletion.missing() != null) {
      throw notFound(deletion.missing());
    }
    keys.forget(deletion.keys());
    for (String id : ids) {
      cache.invalidate(kind, id);
      live.forget(kind.scope(), id);
    }
    return ids;
  }

  /** Blocks the principals (none when one does not exist, 404) and returns them as they are now. */
  public List<PrincipalView> block(List<String> ids) {
    return setBlocked(ids, true);
  }

  public List<PrincipalView> unblock(List<String> ids) {
    return setBlocked(ids, false);
  }

  private List<PrincipalView> setBlocked(List<String> ids, boolean blocked) {
    List<Principal> found = ids.stream().map(this::find).toList();
    Instant now = clock.instant();
    for (Principal principal : found) {
      table.setBlocked(principal.id(), blocked, now);
      cache.invalidate(kind, principal.id());
    }
    return found.stream().map(p -> view(p.changed(p.profile().toBuilder().blocked(blocked).build(), p.budget(), now)))
        .toList();
  }

  /** Every principal of the kind, oldest first, for {@code GET <route>/list}. */
  public List<PrincipalView> list() {
    return table.list().stream().map(this::view).toList();
  }

  private Principal find(String id) {
    return table.byId(id).orElseThrow(() -> notFound(id));
  }

  private NotFound notFound(String id) {
    return new NotFound(kind.noun() + " not found: " + id, Details.of("imagegate"));
  }

  private void requireKind(Kind requested) {
    if (requested != kind) {
      throw new IllegalArgumentException("a " + requested + " request sent to the " + kind + " service");
    }
  }

  private PrincipalView view(Principal principal) {
    return new PrincipalView(principal, live.current(kind.scope(), principal.id(), principal.spendNanos()));
  }
}
