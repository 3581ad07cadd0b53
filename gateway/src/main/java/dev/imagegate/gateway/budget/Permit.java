package dev.imagegate.gateway.budget;

import dev.imagegate.Usage;
import dev.imagegate.gateway.keys.AuthenticatedKey;
import dev.imagegate.gateway.shared.FleetLimits;
import dev.imagegate.gateway.spend.SpendSink;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.gateway.store.Nanos;
import dev.imagegate.gateway.store.SpendEvent;
import dev.imagegate.gateway.store.SpendRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted call. {@link #complete} records how it ended: its actual cost goes into the in-memory counters at once
 * (the next budget check sees it) and its spend-log row to the spend journal, returning once the row is durable (so a
 * paid answer is never sent without it). {@link #close} (always, in a
 * try-with-resources) frees the call's parallel slot and, if {@code complete} was never called, its reservation
 * without charging anything (and without a row). Both are idempotent; thread-safe.
 */
public final class Permit implements AutoCloseable {
  private final Admission admission;
  private final List<Participant> participants;
  private final List<Instant> periods;
  private final long estimate;
  private final Instant admittedAt;
  private final Clock clock;
  private final SpendSink sink;
  private final Shared shared;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  Permit(Admission admission, List<Participant> participants, List<Instant> periods, long estimate,
         Instant admittedAt, Clock clock, SpendSink sink, Shared shared) {
    this.shared = shared;
    this.admission = admission;
    this.participants = List.copyOf(participants);
    this.periods = new ArrayList<>(periods);
    this.estimate = estimate;
    this.admittedAt = admittedAt;
    this.clock = clock;
    this.sink = sink;
  }

  /** Charges the call's actual cost and queues its spend row; only the first call counts. */
  public void complete(CallOutcome outcome) {
    if (!settled.compareAndSet(false, true)) {
      return;
    }
    Long cost = outcome.cost().usd().map(Nanos::of).orElse(null);
    settle(cost == null ? 0 : cost);
    sink.submitDurably(row(outcome, cost));
  }

  /**
   * Marks the call's row {@code undelivered}: the provider served it (and its cost stands) but the answer did not
   * reach the client. Call after {@link #complete}; usable after {@link #close}.
   */
  public void undelivered(String requestId) {
    sink.submit(new SpendEvent.Undelivered(requestId));
  }

  @Override
  public void close() {
    if (settled.compareAndSet(false, true)) {
      settle(0);
    }
    if (closed.compareAndSet(false, true)) {
      for (Participant p : participants) {
        p.counter().lock.lock();
        try {
          p.counter().release();
        } finally {
          p.counter().lock.unlock();
        }
      }
    }
  }

  /** The call's reservation in the fleet's shared limits. */
  record Shared(FleetLimits fleet, List<FleetLimits.Account> accounts, String reservation) {}

  private void settle(long cost) {
    if (shared != null) {
      shared.fleet().settle(shared.accounts(), shared.reservation(), cost);
    }
    for (int i = 0; i < participants.size(); i++) {
      Counter counter = participants.get(i).counter();
      counter.lock.lock();
      try {
        counter.settle(estimate, cost, periods.get(i));
      } finally {
        counter.lock.unlock();
      }
    }
  }

  private SpendRow row(CallOutcome o, Long cost) {
    AuthenticatedKey auth = admission.key();
    KeyRecord key = auth == null ? null : auth.key();
    Usage usage = o.usage() == null || o.usage().isEmpty() ? null : o.usage();
    SpendRow.Builder row = SpendRow.builder(o.requestId(), admittedAt, clock.instant(), o.status())
        .owners(key == null ? null : key.userId(), key == null ? null : key.teamId(), admission.endUserId())
        .route(admission.modelGroup(), o.deploymentId(), o.provider(), o.retries(), o.fallbacks())
        .params(o.n(), o.size(), o.quality()).latencyMs(o.latencyMs()).errorType(o.errorType())
        .prompt(o.prompt()).guardrails(o.guardrails()).callType(o.callType())
        .contentFilter(o.contentFilter());
    if (key == null) {
      row.key(null, admission.callerHash(), null);
    } else {
      row.key(key.keyId(), key.token(), key.keyAlias());
    }
    if (usage == null) {
      row.charge(cost, null, null, null);
    } else {
      row.charge(cost, usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
    }
    return row.build();
  }
}
