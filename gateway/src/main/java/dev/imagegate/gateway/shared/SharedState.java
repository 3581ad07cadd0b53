package dev.imagegate.gateway.shared;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import dev.imagegate.router.Cooldowns;
import dev.imagegate.router.InMemoryCooldowns;
import dev.imagegate.router.InMemoryTraffic;
import dev.imagegate.router.Traffic;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the router keeps per-deployment state (cooldowns, rpm windows, in-flight counts, latencies): in Redis when
 * {@link RedisSettings} names one, so every gateway of a fleet shares it, else in this process.
 *
 * <p>Failure policy: Redis never fails a request. An operation Redis cannot answer within
 * {@link RedisSettings#commandTimeout()} uses this process's state instead (counted by {@link #fallbacks()}), and the
 * outage and the recovery are each reported once. A Redis that is configured but unreachable at start-up does not
 * stop the gateway either: it starts with a warning and connects when Redis comes up, because a fleet whose gateways
 * refuse to start while Redis restarts would turn a loss of sharing into a loss of service.
 */
public final class SharedState implements AutoCloseable {
  private final Cooldowns cooldowns;
  private final Traffic traffic;
  private final RedisLink redis;
  private final FleetLimits limits;

  private SharedState(Cooldowns cooldowns, Traffic traffic, RedisLink redis) {
    this.cooldowns = cooldowns;
    this.traffic = traffic;
    this.redis = redis;
    this.limits = redis == null ? null : new RedisLimits(redis);
  }

  /**
   * The state for a config's {@code router_settings} and environment (see {@link RedisSettings#from}).
   *
   * @param clock the router's clock
   * @param warnings told when Redis is unreachable and when it answers again
   * @throws IllegalArgumentException when a Redis setting is malformed; never because Redis is unreachable
   */
  public static SharedState open(JsonNode routerSettings, Env env, Clock clock, Consumer<String> warnings) {
    Optional<RedisSettings> redis = RedisSettings.from(routerSettings, env);
    return redis.isPresent() ? redis(redis.get(), clock, warnings) : inMemory();
  }

  /** Per-process state: {@link InMemoryCooldowns} and {@link InMemoryTraffic}. */
  public static SharedState inMemory() {
    return new SharedState(new InMemoryCooldowns(), new InMemoryTraffic(), null);
  }

  /** State in the Redis of {@code settings}, with its own connection. */
  public static SharedState redis(RedisSettings settings, Clock clock, Consumer<String> warnings) {
    RedisLink link = RedisLink.open(settings, warnings, System::nanoTime);
    return new SharedState(new RedisCooldowns(link, clock), new RedisTraffic(link, clock), link);
  }

  public Cooldowns cooldowns() {
    return cooldowns;
  }

  public Traffic traffic() {
    return traffic;
  }

  /** Key, team, user and end-user budgets and rate limits for the whole fleet, or null without Redis. */
  public FleetLimits limits() {
    return limits;
  }

  /**
   * Counts the Redis operations served by per-process state because Redis could not answer (always 0 in memory):
   * for a metric such as {@code imagegate_shared_state_fallbacks_total}. Cheap and thread-safe.
   */
  public Supplier<Long> fallbacks() {
    return redis == null ? () -> 0L : redis::fallbacks;
  }

  /** Where the state lives, for messages: the Redis without its password, or "this process". */
  public String describe() {
    return redis == null ? "this process" : "Redis at " + redis.settings().describe();
  }

  /** Closes the Redis connection, if any. Never throws. */
  @Override
  public void close() {
    if (redis != null) {
      try {
        redis.close();
      } catch (RuntimeException e) {
        // shutting down: nothing is left to use the connection
      }
    }
  }
}
