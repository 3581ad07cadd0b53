package dev.imagegate.gateway.budget;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.keys.ModelAccess;
import dev.imagegate.gateway.spend.SpendSink;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.EndUserRecord;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.SpendEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks every image call passes before any provider is called, in LiteLLM's order: the end user is not blocked
 * (400), the key and its team may use the model (401), the budgets of the key, its user, its team and the end user
 * are not spent and have room for the pre-call estimate ({@code BudgetExceeded}, 400), then {@code rpm_limit} (key,
 * team) and {@code max_parallel_requests} (key) ({@code RateLimited}, 429 with retry-after). The key itself
 * (unknown, expired, blocked, blocked team) was checked by {@link dev.imagegate.gateway.keys.KeyCache#authenticate}.
 *
 * <p>All checks of one call happen under the locks of its counters, taken in a fixed order, and an admitted call
 * reserves its estimate at once: concurrent calls can never jointly overshoot a budget when estimates are exact. No
 * check waits for the database. Thread-safe.
 */
public final class Enforcement {
  private final Function<String, Optional<EndUserRecord>> endUsers;
  private final Counters counters;
  private final Clock clock;
  private final SpendSink sink;

  /** @param endUsers end-user lookup, normally {@code KeyCache::endUser} */
  public Enforcement(Function<String, Optional<EndUserRecord>> endUsers, Counters counters, Clock clock,
                     SpendSink sink) {
    this.endUsers = endUsers;
    this.counters = counters;
    this.clock = clock;
    this.sink = sink;
  }

  /** Admits the call or throws the typed refusal; close the returned permit when the call ends. */
  public Permit admit(Admission admission) {
    Instant now = clock.instant();
    EndUserRecord endUser = admission.endUserId() == null ? null : endUsers.apply(admission.endUserId()).orElse(null);
    if (endUser != null && endUser.blocked()) {
      throw new BadRequest("User blocked from making LLM API Calls. User=" + endUser.userId(), "user");
    }
    if (admission.key() != null) {
      checkModel(admission.key(), admission.modelGroup());
    }
    List<Participant> participants = participants(admission, endUser, now);
    long estimate = admission.estimate().usd().map(Nanos::of).orElse(0L);
    List<SpendEvent.BudgetReset> resets = new ArrayList<>();
    participants.forEach(p -> p.counter().lock.lock());
    try {
      for (Participant p : participants) {
        Optional.ofNullable(p.counter().roll(p.budget(), now)).ifPresent(resets::add);
      }
      Limits.check(participants, estimate, now);
      List<Instant> periods = new ArrayList<>();
      for (Participant p : participants) {
        p.counter().take(estimate, now);
        periods.add(p.counter().periodStart());
      }
      return new Permit(admission, participants, periods, estimate, now, clock, sink);
    } finally {
      participants.forEach(p -> p.counter().lock.unlock());
      resets.forEach(sink::submit);
    }
  }

  private static void checkModel(AuthenticatedKey key, String modelGroup) {
    if (!key.allows(modelGroup)) {
      boolean teamRefuses = key.team() != null && !key.team().models().isEmpty()
          && !ModelAccess.allows(key.team().models(), modelGroup);
      String message = teamRefuses
          ? "Team=" + key.team().teamId() + " not allowed to access model. This team can only access models="
              + key.team().models() + ". Tried to access " + modelGroup
          : "key not allowed to access model. This key can only access models=" + key.models()
              + ". Tried to access " + modelGroup;
      throw new Authentication(message, Details.of("imagegate").withModel(modelGroup));
    }
  }

  private List<Participant> participants(Admission admission, EndUserRecord endUser, Instant now) {
    List<Participant> participants = new ArrayList<>();
    AuthenticatedKey auth = admission.key();
    if (auth != null) {
      KeyRecord key = auth.key();
      participants.add(new Participant(counters.counter(BudgetScope.KEY, key.keyId(), key.budget(),
          key.spendNanos(), now), key.budget(), key.rpmLimit(), key.maxParallelRequests(), keyLabel(key)));
      if (auth.user() != null) {
        participants.add(new Participant(counters.counter(BudgetScope.USER, auth.user().userId(),
            auth.user().budget(), auth.user().spendNanos(), now), auth.user().budget(), null, null,
            "User=" + auth.user().userId()));
      }
      if (auth.team() != null) {
        participants.add(new Participant(counters.counter(BudgetScope.TEAM, auth.team().teamId(),
            auth.team().budget(), auth.team().spendNanos(), now), auth.team().budget(), auth.team().rpmLimit(), null,
            "Team=" + auth.team().teamId()));
      }
    }
    if (admission.endUserId() != null) {
      Budget budget = endUser == null ? Budget.NONE : endUser.budget();
      participants.add(new Participant(counters.counter(BudgetScope.END_USER, admission.endUserId(), budget,
          endUser == null ? 0 : endUser.spendNanos(), now), budget, null, null, "End User=" + admission.endUserId()));
    }
    participants.sort(Comparator.comparing((Participant p) -> p.counter().scope));
    return participants;
  }

  private static String keyLabel(KeyRecord key) {
    return "Key=" + (key.keyAlias() == null ? key.keyName() : key.keyAlias() + " (" + key.keyName() + ")");
  }
}
