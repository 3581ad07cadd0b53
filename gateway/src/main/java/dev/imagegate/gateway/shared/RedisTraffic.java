package dev.imagegate.gateway.shared;

import dev.imagegate.router.InMemoryTraffic;
import dev.imagegate.router.Traffic;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Traffic} shared through Redis by every gateway using the same namespace.
 *
 * <ul>
 *   <li>Requests per minute: one counter per deployment and clock minute ({@code epochSecond / 60} of the caller's
 *       {@code now}), expiring two minutes later. {@link #tryStart} checks the limit, counts and marks the call in
 *       flight in one script, so racing gateways never both take the last slot.
 *   <li>In flight: a sorted set of call ids scored by start time; {@link #finished} removes this process's id. A
 *       call that is never finished (its gateway crashed) stops counting {@link #IN_FLIGHT_EXPIRY} after its start,
 *       whatever the other gateways do; a plain counter with a key expiry would never decay under steady traffic.
 *   <li>Latency: the last {@link #LATENCY_SAMPLES} samples in a shared list, averaged like {@link InMemoryTraffic},
 *       so latency-based routing on every gateway sees the calls of all of them. Expires after an idle hour.
 * </ul>
 *
 * <p>When Redis cannot answer, each operation uses this process's own {@link InMemoryTraffic} instead: limits then
 * hold per gateway, not across them. Reads add the two, so calls counted locally during an outage still count.
 */
public final class RedisTraffic implements Traffic {
  static final Duration MINUTE_EXPIRY = Duration.ofMinutes(2);
  static final Duration IN_FLIGHT_EXPIRY = Duration.ofMinutes(15);
  static final Duration LATENCY_EXPIRY = Duration.ofHours(1);
  static final int LATENCY_SAMPLES = 10;

  private static final long REFUSED = 0;
  private static final long STARTED = 1;
  /** Started in this process's own state because Redis could not answer. */
  private static final long STARTED_HERE = 2;

  /**
   * KEYS: the minute's request counter, the in-flight set. ARGV: the limit (-1 for none), the counter's expiry (ms),
   * now (epoch ms), the call id, the start time (epoch ms) at or before which a call no longer counts, the set's
   * expiry (ms).
   */
  private static final RedisScript TRY_START = RedisScript.of("""
      local limit = tonumber(ARGV[1])
      if limit >= 0 and tonumber(redis.call('GET', KEYS[1]) or '0') >= limit then
        return 0
      end
      redis.call('INCR', KEYS[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
      redis.call('PEXPIRE', KEYS[2], ARGV[6])
      return 1
      """);
  /** KEYS: the latency list. ARGV: the sample (ns), the index of the oldest sample kept, the list's expiry (ms). */
  private static final RedisScript RECORD_LATENCY = RedisScript.of("""
      redis.call('LPUSH', KEYS[1], ARGV[1])
      redis.call('LTRIM', KEYS[1], 0, ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """);

  /** A call this process started: its id in the shared in-flight set, and whether it was counted locally instead. */
  private record Start(String callId, boolean local) {
  }

  private final RedisLink redis;
  private final Keys keys;
  private final Clock clock;
  private final InMemoryTraffic local = new InMemoryTraffic();
  private final Map<String, Deque<Start>> started = new ConcurrentHashMap<>();
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong sequence = new AtomicLong();

  /** @param clock the router's clock, for the age of in-flight calls */
  RedisTraffic(RedisLink redis, Clock clock) {
    this.redis = redis;
    this.keys = new Keys(redis.settings().namespace());
    this.clock = clock;
  }

  @Override
  public boolean tryStart(String deploymentId, Integer rpm, Instant now) {
    String callId = instance + ":" + sequence.incrementAndGet();
    long limit = rpm == null ? -1 : Math.max(0, rpm - local.requestsThisMinute(deploymentId, now));
    long outcome = redis.call(r -> startShared(r, deploymentId, limit, now, callId),
        () -> local.tryStart(deploymentId, rpm, now) ? STARTED_HERE : REFUSED);
    if (outcome != REFUSED) {
      started.computeIfAbsent(deploymentId, k -> new ConcurrentLinkedDeque<>())
          .addLast(new Start(callId, outcome == STARTED_HERE));
    }
    return outcome != REFUSED;
  }

  /** Runs {@link #TRY_START}: {@link #STARTED} or {@link #REFUSED}. */
  private long startShared(RedisCommands<String, String> redis, String deploymentId, long limit, Instant now,
                           String callId) {
    String[] names = {keys.requests(deploymentId, minute(now)), keys.inFlight(deploymentId)};
    return TRY_START.<Long>run(redis, ScriptOutputType.INTEGER, names, Long.toString(limit),
        Long.toString(MINUTE_EXPIRY.toMillis()), Long.toString(now.toEpochMilli()), callId,
        Long.toString(now.minus(IN_FLIGHT_EXPIRY).toEpochMilli()), Long.toString(IN_FLIGHT_EXPIRY.toMillis()));
  }

  @Override
  public void finished(String deploymentId) {
    Deque<Start> calls = started.get(deploymentId);
    Start start = calls == null ? null : calls.pollLast();
    if (start == null) {
      return;
    }
    if (start.local()) {
      local.finished(deploymentId);
    }
    // also for a local start: a start that timed out may still have reached Redis
    redis.call(r -> r.zrem(keys.inFlight(deploymentId), start.callId()), () -> 0L);
  }

  @Override
  public void recordLatency(String deploymentId, Duration latency) {
    redis.call(r -> RECORD_LATENCY.<Long>run(r, ScriptOutputType.INTEGER,
        new String[] {keys.latencies(deploymentId)}, Long.toString(latency.toNanos()),
        Integer.toString(LATENCY_SAMPLES - 1), Long.toString(LATENCY_EXPIRY.toMillis())), () -> {
          local.recordLatency(deploymentId, latency);
          return 0L;
        });
  }

  @Override
  public int inFlight(String deploymentId) {
    long oldest = clock.millis() - IN_FLIGHT_EXPIRY.toMillis();
    Long shared = redis.call(r -> r.zcount(keys.inFlight(deploymentId),
        Range.from(Range.Boundary.excluding(oldest), Range.Boundary.unbounded())), () -> 0L);
    return (int) (shared + local.inFlight(deploymentId));
  }

  @Override
  public long requestsThisMinute(String deploymentId, Instant now) {
    Long shared = redis.call(r -> {
      String count = r.get(keys.requests(deploymentId, minute(now)));
      return count == null ? 0L : Long.parseLong(count);
    }, () -> 0L);
    return shared + local.requestsThisMinute(deploymentId, now);
  }

  @Override
  public Optional<Duration> averageLatency(String deploymentId) {
    Optional<Duration> shared = redis.call(r -> mean(r.lrange(keys.latencies(deploymentId), 0,
        LATENCY_SAMPLES - 1)), Optional::empty);
    return shared.isPresent() ? shared : local.averageLatency(deploymentId);
  }

  private static Optional<Duration> mean(List<String> nanos) {
    if (nanos.isEmpty()) {
      return Optional.empty();
    }
    long total = nanos.stream().mapToLong(Long::parseLong).sum();
    return Optional.of(Duration.ofNanos(total / nanos.size()));
  }

  private static long minute(Instant now) {
    return now.getEpochSecond() / 60;
  }
}
