package dev.imagegate.gateway.keys;

import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.error.NotFound;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.Store;
import dev.imagegate.gateway.store.TeamRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Teams: the service behind {@code /team/new}, {@code /team/info}, {@code /team/update}, {@code /team/delete},
 * {@code /team/block}, {@code /team/unblock} and {@code /team/list}. A team's budget and rpm limit are shared by its
 * keys, and its model list bounds theirs. Deleting a team deletes its keys (as LiteLLM). Failures:
 * {@link BadRequest}, {@link NotFound} (404), {@link dev.imagegate.gateway.store.StoreException}. Thread-safe.
 */
public final class TeamService {
  private final Store store;
  private final KeyCache cache;
  private final LiveSpend live;
  private final Clock clock;
  private final KeyService keys;

  public TeamService(Store store, KeyCache cache, LiveSpend live, Clock clock, KeyService keys) {
    this.store = store;
    this.cache = cache;
    this.live = live;
    this.clock = clock;
    this.keys = keys;
  }

  public TeamView create(TeamRequests.New request) {
    Instant now = clock.instant();
    String teamId = request.teamId() == null ? UUID.randomUUID().toString() : request.teamId();
    if (store.teams().byId(teamId).isPresent()) {
      throw new BadRequest("Team id '" + teamId + "' already exists", "team_id");
    }
    TeamRecord team = new TeamRecord(teamId, request.teamAlias(), request.models(),
        Budget.starting(Nanos.ofNullable(request.maxBudget()), request.budgetDuration(), now), request.rpmLimit(),
        request.metadata(), request.blocked(), 0, now, now);
    store.teams().insert(team);
    cache.invalidateTeam(teamId);
    return view(team);
  }

  public TeamView.Info info(String teamId) {
    TeamRecord team = find(teamId);
    return new TeamView.Info(view(team), store.keys().byTeam(teamId).stream().map(keys::view).toList());
  }

  public TeamView update(TeamRequests.Update request) {
    TeamRecord current = find(request.teamId());
    Instant now = clock.instant();
    Budget budget = BudgetChanges.apply(current.budget(), request.maxBudget(), request.budgetDuration(), now);
    TeamRecord updated = new TeamRecord(current.teamId(), request.teamAlias().or(current.teamAlias()),
        request.models().map(List::copyOf).or(current.models()), budget, request.rpmLimit().or(current.rpmLimit()),
        request.metadata().or(current.metadata()), request.blocked().or(current.blocked()) == Boolean.TRUE,
        current.spendNanos(), current.createdAt(), now);
    store.teams().update(updated);
    cache.invalidateTeam(current.teamId());
    return view(updated);
  }

  /** Deletes the teams and their keys; none when one team does not exist (404). */
  public List<String> delete(List<String> teamIds) {
    teamIds.forEach(this::find);
    for (String teamId : teamIds) {
      keys.deleteRecords(store.keys().byTeam(teamId));
      store.teams().delete(teamId);
      cache.invalidateTeam(teamId);
      live.forget(BudgetScope.TEAM, teamId);
    }
    return teamIds;
  }

  public TeamView block(String teamId) {
    return setBlocked(teamId, true);
  }

  public TeamView unblock(String teamId) {
    return setBlocked(teamId, false);
  }

  private TeamView setBlocked(String teamId, boolean blocked) {
    TeamRecord team = find(teamId);
    Instant now = clock.instant();
    store.teams().setBlocked(teamId, blocked, now);
    cache.invalidateTeam(teamId);
    return view(team.withBlocked(blocked, now));
  }

  public List<TeamView> list() {
    return store.teams().list().stream().map(this::view).toList();
  }

  private TeamRecord find(String teamId) {
    return store.teams().byId(teamId).orElseThrow(
        () -> new NotFound("Team not found: " + teamId, Details.of("imagegate")));
  }

  private TeamView view(TeamRecord team) {
    return new TeamView(team, live.current(BudgetScope.TEAM, team.teamId(), team.spendNanos()));
  }
}
