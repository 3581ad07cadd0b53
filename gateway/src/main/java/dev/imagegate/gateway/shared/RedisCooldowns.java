package dev.imagegate.gateway.shared;

import dev.imagegate.router.Cooldowns;
import dev.imagegate.router.InMemoryCooldowns;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Cooldowns} shared through Redis by every gateway using the same namespace. Failures are a sliding one-minute
 * window: a sorted set of failure times (milliseconds) per deployment, trimmed, counted and given a one-minute expiry
 * in one script. A cooldown is a key holding its end (epoch milliseconds) that expires shortly after it; a shorter
 * cooldown never replaces a longer one. Times are kept to the millisecond.
 *
 * <p>When Redis cannot answer, each operation uses this process's own {@link InMemoryCooldowns} instead, and
 * {@link #coolingUntil} also consults it, so a cooldown recorded during an outage still holds here.
 */
public final class RedisCooldowns implements Cooldowns {
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** How long a cooldown key outlives its end, for gateways whose clocks run a little behind. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);

  /** KEYS: the failure set. ARGV: now (epoch ms), a unique member, the oldest time dropped (ms), the expiry (ms). */
  private static final RedisScript RECORD_FAILURE = RedisScript.of("""
      redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      return redis.call('ZCARD', KEYS[1])
      """);
  /** KEYS: the cooldown, the failure set. ARGV: the end (epoch ms), the cooldown's expiry (ms). */
  private static final RedisScript COOL_DOWN = RedisScript.of("""
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if current < tonumber(ARGV[1]) then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      end
      redis.call('DEL', KEYS[2])
      return 1
      """);

  private final RedisLink redis;
  private final Keys keys;
  private final Clock clock;
  private final InMemoryCooldowns local = new InMemoryCooldowns();
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong sequence = new AtomicLong();

  /** @param clock this gateway's clock, for the expiry of cooldown keys (the router's clock) */
  RedisCooldowns(RedisLink redis, Clock clock) {
    this.redis = redis;
    this.keys = new Keys(redis.settings().namespace());
    this.clock = clock;
  }

  @Override
  public int recordFailure(String deploymentId, Instant now) {
    String member = instance + ":" + sequence.incrementAndGet();
    Long count = redis.call(r -> RECORD_FAILURE.<Long>run(r, ScriptOutputType.INTEGER,
            new String[] {keys.failures(deploymentId)}, Long.toString(now.toEpochMilli()), member,
            Long.toString(now.minus(WINDOW).toEpochMilli()), Long.toString(WINDOW.toMillis())),
        () -> (long) local.recordFailure(deploymentId, now));
    return count.intValue();
  }

  @Override
  public void coolDown(String deploymentId, Instant until) {
    long ttl = Math.max(0, Duration.between(clock.instant(), until).toMillis()) + EXPIRY_MARGIN.toMillis();
    String[] names = {keys.cooling(deploymentId), keys.failures(deploymentId)};
    redis.call(r -> COOL_DOWN.<Long>run(r, ScriptOutputType.INTEGER, names, Long.toString(until.toEpochMilli()),
        Long.toString(ttl)), () -> {
          local.coolDown(deploymentId, until);
          return 0L;
        });
  }

  @Override
  public Optional<Instant> coolingUntil(String deploymentId, Instant now) {
    Optional<Instant> shared = redis.call(r -> Optional.ofNullable(r.get(keys.cooling(deploymentId)))
        .map(ms -> Instant.ofEpochMilli(Long.parseLong(ms))), Optional::empty);
    Optional<Instant> here = local.coolingUntil(deploymentId, now);
    Optional<Instant> later = here.isPresent() && (shared.isEmpty() || here.get().isAfter(shared.get()))
        ? here : shared;
    return later.filter(until -> until.isAfter(now));
  }
}
