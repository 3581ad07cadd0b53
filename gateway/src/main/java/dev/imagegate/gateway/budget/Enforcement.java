package dev.imagegate.gateway.budget;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.error.ImageGateException.Details;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.spend.SpendSink;
import dev.imagegate.gateway.store.Budget;
import dev.imagegate.gateway.store.BudgetScope;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.Principal;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.SpendEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The checks every image call passes before any provider is called, in LiteLLM's order: the end user is not blocked
 * (400), the key and its team may use the model (401), the budgets of the key, its user, its team and the end user
 * are not spent and have room for the pre-call estimate ({@code BudgetExceeded}, 400), then {@code rpm_limit} (key,
 * team) and {@code max_parallel_requests} (key) ({@code RateLimited}, 429 with retry-after). The key itself
 * (unknown, expired, blocked, blocked team) was checked by {@link dev.imagegate.gateway.keys.KeyCache#authenticate}.
 *
 * <p>All checks of one call happen under the locks of its counters, taken in a fixed order, and an admitted call
 * reserves its estimate at once: concurrent calls can never jointly overshoot a budget when estimates are exact. With
 * {@link FleetLimits} (Redis) the budgets and rate limits are decided there, for every gateway of the fleet at once,
 * and this process's counters only follow (they decide while the fleet's store does not answer, per the
 * {@link OutagePolicy}). {@code rpm_limit} is a sliding 60 s window. No check waits for the database, except to
 * rebuild a missing shared spend counter. Thread-safe.
 */
public final class Enforcement {
  /** What a budget check does when the fleet's shared store (Redis) cannot answer. */
  public enum OutagePolicy {
    /** Check against this process's counters (seeded from the database): budgets hold per gateway meanwhile. */
    PER_PROCESS,
    /** Refuse calls charged to an account with a budget (503) until the store answers again. */
    FAIL_CLOSED
  }

  /** The spend the database holds for an account's current period: seeds a missing shared counter. */
  @FunctionalInterface
  public interface StoredSpend {
    long of(BudgetScope scope, String id);
  }

  private static final System.Logger LOG = System.getLogger(Enforcement.class.getName());

  private final Function<String, Optional<Principal>> endUsers;
  private final Counters counters;
  private final Clock clock;
  private final SpendSink sink;
  private final FleetLimits fleet;
  private final StoredSpend stored;
  private final OutagePolicy outagePolicy;
  private final AtomicLong outageDecisions = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();

  /** Limits counted in this process only. @param endUsers end-user lookup, normally {@code KeyCache::endUser} */
  public Enforcement(Function<String, Optional<Principal>> endUsers, Counters counters, Clock clock,
                     SpendSink sink) {
    this(endUsers, counters, clock, sink, null, null, OutagePolicy.PER_PROCESS);
  }

  /**
   * @param fleet the fleet's shared limits, or null to count in this process only
   * @param stored seeds the fleet's spend counters when they are missing
   * @param outagePolicy what budgets do while {@code fleet} cannot answer (rate limits are then per process)
   */
  public Enforcement(Function<String, Optional<Principal>> endUsers, Counters counters, Clock clock,
                     SpendSink sink, FleetLimits fleet, StoredSpend stored, OutagePolicy outagePolicy) {
    this.endUsers = endUsers;
    this.counters = counters;
    this.clock = clock;
    this.sink = sink;
    this.fleet = fleet;
    this.stored = stored;
    this.outagePolicy = outagePolicy;
  }

  /**
   * Admissions the fleet's store could not decide (checked by this process's counters, or refused by
   * {@link OutagePolicy#FAIL_CLOSED}): a metric.
   */
  public long outageDecisions() {
    return outageDecisions.get();
  }

  /** Admits the call or throws the typed refusal; close the returned permit when the call ends. */
  public Permit admit(Admission admission) {
    Instant now = clock.instant();
    Principal endUser = admission.endUserId() == null ? null : endUsers.apply(admission.endUserId()).orElse(null);
    if (endUser != null && endUser.blocked()) {
      throw new BadRequest("User blocked from making LLM API Calls. User=" + endUser.id(), "user");
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
      boolean counted = fleet != null && !participants.isEmpty();
      List<FleetLimits.Account> accounts = counted ? accounts(participants) : List.of();
      String reservation = counted ? shared(participants, accounts, estimate, now) : null;
      if (reservation == null) {
        Limits.check(participants, estimate, now);
      }
      List<Instant> periods = new ArrayList<>();
      for (Participant p : participants) {
        p.counter().take(estimate, now, p.rpmLimit() != null, p.budget().maxBudgetNanos() != null);
        periods.add(p.counter().periodStart());
      }
      Permit.Shared shared = reservation == null ? null : new Permit.Shared(fleet, accounts, reservation);
      return new Permit(admission, participants, periods, estimate, now, clock, sink, shared);
    } finally {
      participants.forEach(p -> p.counter().lock.unlock());
      resets.forEach(sink::submit);
    }
  }

  /**
   * Asks the fleet's store; returns the reservation, throws its refusal, or returns null when the call is to be
   * checked against this process's counters because the store cannot answer (or fails closed per the policy).
   */
  private String shared(List<Participant> participants, List<FleetLimits.Account> accounts, long estimate,
                        Instant now) {
    FleetLimits.Decision decision = fleet.admit(accounts, estimate, now);
    return switch (decision) {
      case FleetLimits.Decision.Admitted admitted -> admitted.reservation();
      case FleetLimits.Decision.Refused refused ->
          throw Limits.refusal(participants.get(refused.index()), refused, estimate, now);
      case FleetLimits.Decision.Unavailable unavailable -> {
        boolean budgeted = participants.stream().anyMatch(p -> p.budget().maxBudgetNanos() != null);
        outageDecisions.incrementAndGet();
        if (budgeted && outagePolicy == OutagePolicy.FAIL_CLOSED) {
          throw new UpstreamUnavailable("Budgets cannot be checked: the fleet's limit store (Redis, else the "
              + "database) does not answer and budget_checks_on_outage is fail_closed", 503, Details.of("imagegate"), null);
        }
        if (!warned.getAndSet(true)) {
          LOG.log(System.Logger.Level.WARNING, "the fleet's limit store (Redis, else the database) does not answer: "
              + "budgets and rate limits are checked by this gateway alone until it does");
        }
        yield null;
      }
    };
  }

  private List<FleetLimits.Account> accounts(List<Participant> participants) {
    List<FleetLimits.Account> out = new ArrayList<>();
    for (Participant p : participants) {
      Counter counter = p.counter();
      Long period = counter.periodStart() == null ? null : counter.periodStart().toEpochMilli();
      long local = counter.spent();
      out.add(new FleetLimits.Account(counter.scope.name().toLowerCase(Locale.ROOT) + ":" + counter.id, period,
          p.budget().maxBudgetNanos(), p.rpmLimit(), p.maxParallel(),
          () -> Math.max(local, stored == null ? 0 : stored.of(counter.scope, counter.id))));
    }
    return out;
  }

  private static void checkModel(AuthenticatedKey key, String modelGroup) {
    String refusal = key.modelRefusal(modelGroup);
    if (refusal != null) {
      throw new Authentication(refusal, Details.of("imagegate").withModel(modelGroup));
    }
  }

  private List<Participant> participants(Admission admission, Principal endUser, Instant now) {
    List<Participant> participants = new ArrayList<>();
    AuthenticatedKey auth = admission.key();
    if (auth != null) {
      KeyRecord key = auth.key();
      participants.add(new Participant(counters.counter(BudgetScope.KEY, key.keyId(), key.budget(),
          key.spendNanos(), now), key.budget(), key.rpmLimit(), key.maxParallelRequests(), keyLabel(key)));
      if (auth.user() != null) {
        participants.add(new Participant(counters.counter(BudgetScope.USER, auth.user().id(),
            auth.user().budget(), auth.user().spendNanos(), now), auth.user().budget(), null, null,
            "User=" + auth.user().id()));
      }
      if (auth.team() != null) {
        participants.add(new Participant(counters.counter(BudgetScope.TEAM, auth.team().id(),
            auth.team().budget(), auth.team().spendNanos(), now), auth.team().budget(), auth.team().rpmLimit(), null,
            "Team=" + auth.team().id()));
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
