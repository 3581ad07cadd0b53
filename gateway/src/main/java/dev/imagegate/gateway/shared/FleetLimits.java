package dev.imagegate.gateway.shared;

import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Budgets, {@code rpm_limit} and {@code max_parallel_requests} counted for a whole fleet of gateways in one shared
 * store (Redis), atomically for all the accounts one call is charged to. Implementations never throw and never hang:
 * when the store cannot answer they say {@link Decision.Unavailable} and the caller decides (see {@link Enforcement}).
 */
public interface FleetLimits {
  /**
   * One account a call is charged to.
   *
   * @param name {@code key:<id>}, {@code team:<id>}, {@code user:<id>} or {@code end_user:<id>}
   * @param period the start of the current budget period (epoch ms), or null when the budget never resets
   * @param maxBudget in nano-USD, or null for no budget
   * @param seed the account's spend in the current period as the database has it: read only when the shared counter
   *     is missing (first use, or the store lost it)
   */
  record Account(String name, Long period, Long maxBudget, Integer rpmLimit, Integer maxParallel, LongSupplier seed) {}

  /** What the store decided for one admission. */
  sealed interface Decision {
    /** Admitted: {@code reservation} names what {@link #settle} releases. */
    record Admitted(String reservation) implements Decision {}

    /**
     * Refused for the account at {@code index}: its {@code used} spend (spent plus reserved) and, for the rpm limit,
     * when its oldest counted request leaves the 60 s window (epoch ms).
     */
    record Refused(int index, Reason reason, long used, long retryAt) implements Decision {}

    /** The store could not answer in time. */
    record Unavailable() implements Decision {}
  }

  enum Reason { BUDGET_SPENT, BUDGET_WOULD_EXCEED, RPM, PARALLEL }

  /** Checks every account's limits and, when all pass, reserves {@code estimate} and counts the request. */
  Decision admit(List<Account> accounts, long estimate, Instant now);

  /** Ends an admitted call: frees its reservation and parallel slot and adds {@code cost} to every account's spend. */
  void settle(List<Account> accounts, String reservation, long cost);

  /**
   * Re-bases the account's shared spend counter of its period ({@link Account#period}) on {@code durable}, the spend
   * its rows hold in the database. Without {@code exact} the counter is only raised to it: the rows are a lower bound
   * of what was spent (rows of calls in flight to the database are not in it yet), so a counter below them lost a
   * settle (an outage, or a gateway that died between admission and settle, whose rows its journal replayed). With
   * {@code exact} it is set to it (an administrator changed the spend). A missing counter stays missing (the next
   * admission seeds it). Never throws.
   *
   * @return the counter's value before, or -1 when it was missing or the store could not answer
   */
  long rebase(Account account, long durable, boolean exact);
}
