package dev.imagegate.gateway.shared;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link FleetLimits} in Redis: one Lua script checks and takes the limits of all a call's accounts at once, so racing
 * gateways can never both take the last dollar or the last request of a window.
 *
 * <ul>
 *   <li>Spend: one counter per account and budget period (nano-USD), seeded from the database with {@code SET NX}
 *       when missing and kept 40 days past its last change. Settling a call adds its actual cost.
 *   <li>Reservations: a sorted set per account whose members are {@code <reservation>:<nano-USD>}, scored by their
 *       expiry ({@link #RESERVATION_TTL} after admission). Spent plus the live reservations must leave room for the
 *       call's estimate; the set's size is the account's calls in flight ({@code max_parallel_requests}). A crashed
 *       gateway's reservations expire by themselves.
 *   <li>{@code rpm_limit}: a sliding log: a sorted set of admission times; entries older than 60 s are dropped before
 *       counting, so no 60 s span ever holds more than the limit (exact, up to the clock difference between the
 *       gateways, which stamp the times).
 * </ul>
 *
 * <p>Every key of this class carries the hash tag {@code {limits}}, so one script may touch the keys of several
 * accounts on a Redis Cluster too (they share one slot). Lua numbers are doubles: amounts are exact up to 2^53 nano-USD
 * (about 9 million USD) per account and period.
 */
final class RedisLimits implements FleetLimits {
  static final Duration RESERVATION_TTL = Duration.ofMinutes(15);
  static final Duration SPEND_TTL = Duration.ofDays(40);
  static final long WINDOW_MS = 60_000;

  /**
   * KEYS: per account its spend, reservations and rpm log. ARGV: now (ms), reservation TTL (ms), member, then per
   * account the budget, rpm limit and parallel limit (-1 for none). Returns {0} admitted, {-1, i} account i has no
   * spend counter, {1|2, i, used} budget spent / would be exceeded, {3, i, oldest} rpm, {4, i} parallel.
   */
  private static final RedisScript ADMIT = RedisScript.of("""
      local now = tonumber(ARGV[1])
      local ttl = tonumber(ARGV[2])
      local member = ARGV[3]
      local estimate = tonumber(string.match(member, ':(%d+)$'))
      local n = #KEYS / 3
      for i = 0, n - 1 do
        redis.call('ZREMRANGEBYSCORE', KEYS[3 * i + 2], '-inf', now)
      end
      for i = 0, n - 1 do
        local budget = tonumber(ARGV[4 + 3 * i])
        if budget >= 0 then
          local spent = redis.call('GET', KEYS[3 * i + 1])
          if not spent then
            return {-1, i}
          end
          local used = tonumber(spent)
          for _, m in ipairs(redis.call('ZRANGE', KEYS[3 * i + 2], 0, -1)) do
            used = used + tonumber(string.match(m, ':(%d+)$'))
          end
          if used >= budget then
            return {1, i, used}
          end
          if used + estimate > budget then
            return {2, i, used}
          end
        end
      end
      for i = 0, n - 1 do
        local rpm = tonumber(ARGV[5 + 3 * i])
        if rpm >= 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[3 * i + 3], '-inf', now - 60000)
          if redis.call('ZCARD', KEYS[3 * i + 3]) >= rpm then
            local oldest = redis.call('ZRANGE', KEYS[3 * i + 3], 0, 0, 'WITHSCORES')
            return {3, i, tonumber(oldest[2] or now)}
          end
        end
      end
      for i = 0, n - 1 do
        local parallel = tonumber(ARGV[6 + 3 * i])
        if parallel >= 0 and redis.call('ZCARD', KEYS[3 * i + 2]) >= parallel then
          return {4, i}
        end
      end
      for i = 0, n - 1 do
        redis.call('ZADD', KEYS[3 * i + 2], now + ttl, member)
        redis.call('PEXPIRE', KEYS[3 * i + 2], ttl)
        if tonumber(ARGV[5 + 3 * i]) >= 0 then
          redis.call('ZADD', KEYS[3 * i + 3], now, member)
          redis.call('PEXPIRE', KEYS[3 * i + 3], 61000)
        end
      end
      return {0}
      """);

  /** KEYS: per account its spend and reservations. ARGV: the member, the cost, the spend TTL (ms). */
  private static final RedisScript SETTLE = RedisScript.of("""
      for i = 0, #KEYS / 2 - 1 do
        redis.call('ZREM', KEYS[2 * i + 2], ARGV[1])
        if redis.call('EXISTS', KEYS[2 * i + 1]) == 1 then
          redis.call('INCRBY', KEYS[2 * i + 1], ARGV[2])
          redis.call('PEXPIRE', KEYS[2 * i + 1], ARGV[3])
        end
      end
      return 1
      """);

  /**
   * KEYS: the spend counter. ARGV: the durable spend, 1 to set it exactly (else only raise to it), the spend TTL (ms).
   * Returns the counter before, or -1 when it is missing.
   */
  private static final RedisScript REBASE = RedisScript.of("""
      local spent = redis.call('GET', KEYS[1])
      if not spent then
        return -1
      end
      if ARGV[2] == '1' or tonumber(spent) < tonumber(ARGV[1]) then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
      end
      return tonumber(spent)
      """);

  private final RedisLink redis;
  private final String namespace;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();

  RedisLimits(RedisLink redis) {
    this.redis = redis;
    this.namespace = redis.settings().namespace();
  }

  @Override
  public Decision admit(List<Account> accounts, long estimate, Instant now) {
    String member = instance + "-" + sequence.incrementAndGet() + ":" + Math.max(0, estimate);
    return redis.call(r -> admit(r, accounts, member, now), Decision.Unavailable::new);
  }

  private Decision admit(RedisCommands<String, String> r, List<Account> accounts, String member, Instant now) {
    String[] keys = new String[accounts.size() * 3];
    List<String> args = new ArrayList<>(List.of(Long.toString(now.toEpochMilli()),
        Long.toString(RESERVATION_TTL.toMillis()), member));
    for (int i = 0; i < accounts.size(); i++) {
      Account a = accounts.get(i);
      keys[3 * i] = spendKey(a);
      keys[3 * i + 1] = key(a, "reserved");
      keys[3 * i + 2] = key(a, "rpm");
      args.add(Long.toString(a.maxBudget() == null ? -1 : a.maxBudget()));
      args.add(Long.toString(a.rpmLimit() == null ? -1 : a.rpmLimit()));
      args.add(Long.toString(a.maxParallel() == null ? -1 : a.maxParallel()));
    }
    for (int attempt = 0; ; attempt++) {
      List<Object> out = ADMIT.run(r, ScriptOutputType.MULTI, keys, args.toArray(String[]::new));
      long code = (Long) out.get(0);
      if (code == 0) {
        return new Decision.Admitted(member);
      }
      int index = ((Long) out.get(1)).intValue();
      if (code == -1 && attempt == 0) {
        r.set(keys[3 * index], Long.toString(accounts.get(index).seed().getAsLong()),
            SetArgs.Builder.nx().px(SPEND_TTL.toMillis()));
        continue;
      }
      if (code == -1) {
        return new Decision.Unavailable();
      }
      long value = out.size() > 2 ? (Long) out.get(2) : 0;
      return switch ((int) code) {
        case 1 -> new Decision.Refused(index, Reason.BUDGET_SPENT, value, 0);
        case 2 -> new Decision.Refused(index, Reason.BUDGET_WOULD_EXCEED, value, 0);
        case 3 -> new Decision.Refused(index, Reason.RPM, 0, value + WINDOW_MS);
        default -> new Decision.Refused(index, Reason.PARALLEL, 0, 0);
      };
    }
  }

  @Override
  public void settle(List<Account> accounts, String reservation, long cost) {
    String[] keys = new String[accounts.size() * 2];
    for (int i = 0; i < accounts.size(); i++) {
      keys[2 * i] = spendKey(accounts.get(i));
      keys[2 * i + 1] = key(accounts.get(i), "reserved");
    }
    redis.call(r -> SETTLE.<Long>run(r, ScriptOutputType.INTEGER, keys, reservation, Long.toString(cost),
        Long.toString(SPEND_TTL.toMillis())), () -> 0L);
  }

  @Override
  public long rebase(Account account, long durable, boolean exact) {
    String[] keys = {spendKey(account)};
    return redis.call(r -> REBASE.<Long>run(r, ScriptOutputType.INTEGER, keys, Long.toString(durable),
        exact ? "1" : "0", Long.toString(SPEND_TTL.toMillis())), () -> -1L);
  }

  private String spendKey(Account account) {
    return key(account, "spend:" + (account.period() == null ? "all" : account.period()));
  }

  private String key(Account account, String what) {
    return namespace + ":{limits}:" + account.name() + ":" + what;
  }
}
