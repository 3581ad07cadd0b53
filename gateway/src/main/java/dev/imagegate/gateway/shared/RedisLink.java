package dev.imagegate.gateway.shared;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One shared Redis connection that never fails a caller: each {@link #call} runs a blocking command with a short
 * timeout and, when Redis cannot answer, returns the caller's per-process fallback instead (and counts it). After a
 * failure Redis is left alone for {@link #RETRY_INTERVAL}; then one caller at a time probes it while the others use
 * their fallback, so an unresponsive Redis costs at most one command timeout per probe rather than one per command.
 * The first failure of an outage and the recovery are each reported once. Thread-safe.
 */
final class RedisLink implements AutoCloseable {
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final RedisSettings settings;
  private final ClientResources resources;
  private final RedisClient client;
  private final Consumer<String> warnings;
  private final LongSupplier nanoTime;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile long quietUntil;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile Thread connector;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisLink(RedisSettings settings, Consumer<String> warnings, LongSupplier nanoTime) {
    this.settings = settings;
    this.warnings = warnings;
    this.nanoTime = nanoTime;
    this.quietUntil = nanoTime.getAsLong();
    this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
            TimeUnit.MILLISECONDS))
        .build();
    RedisURI uri = RedisURI.builder(settings.uri()).withTimeout(CONNECT_TIMEOUT).build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder().autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled()).build());
  }

  /**
   * Connects, waiting at most {@link #CONNECT_TIMEOUT}. When Redis cannot be reached the link still opens: it warns,
   * keeps connecting in the background, and serves every call from the fallbacks meanwhile.
   */
  static RedisLink open(RedisSettings settings, Consumer<String> warnings, LongSupplier nanoTime) {
    RedisLink link = new RedisLink(settings, warnings, nanoTime);
    try {
      link.connection = link.connect();
    } catch (RuntimeException e) {
      link.down.set(true);
      warnings.accept("Redis at " + settings.describe() + " is not reachable (" + reason(e) + "): starting with "
          + "per-process router state (cooldowns, rpm limits and in-flight counts are NOT shared with other "
          + "gateways until it answers); retrying in the background");
      link.connector = Thread.ofVirtual().name("imagegate-redis-connect").start(link::connectLoop);
    }
    return link;
  }

  /**
   * Opens the connection. The handshake may take up to {@link #CONNECT_TIMEOUT} (a cold JVM loads much of Lettuce and
   * Netty on the first connection); every command after it gets {@link RedisSettings#commandTimeout()}.
   */
  private StatefulRedisConnection<String, String> connect() {
    StatefulRedisConnection<String, String> opened = client.connect();
    opened.setTimeout(settings.commandTimeout());
    return opened;
  }

  private void connectLoop() {
    while (!closed.get()) {
      try {
        Thread.sleep(RETRY_INTERVAL);
        StatefulRedisConnection<String, String> opened = connect();
        if (closed.get()) {
          opened.close();
          return;
        }
        connection = opened;
        return;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // still unreachable; the next attempt follows
      }
    }
  }

  /**
   * Runs {@code command} on Redis, or returns {@code fallback.get()} when Redis is not connected, is resting after a
   * failure, or fails now (timeout, connection loss, an error reply). A caller interrupted while waiting gets the
   * fallback too (its interrupt status kept) without Redis being counted as down.
   */
  <T> T call(Function<RedisCommands<String, String>, T> command, Supplier<T> fallback) {
    StatefulRedisConnection<String, String> current = connection;
    if (current == null || !current.isOpen()) {
      reportDown("not connected");
      return fallback(fallback);
    }
    boolean probe = down.get();
    if (probe && (nanoTime.getAsLong() - quietUntil < 0 || !probing.compareAndSet(false, true))) {
      return fallback(fallback);
    }
    try {
      T result = command.apply(current.sync());
      if (down.compareAndSet(true, false)) {
        warnings.accept("Redis at " + settings.describe() + " answers again: router state is shared again");
      }
      return result;
    } catch (RedisCommandInterruptedException e) {
      return fallback(fallback);
    } catch (RuntimeException e) {
      quietUntil = nanoTime.getAsLong() + RETRY_INTERVAL.toNanos();
      reportDown(reason(e));
      return fallback(fallback);
    } finally {
      if (probe) {
        probing.set(false);
      }
    }
  }

  private <T> T fallback(Supplier<T> fallback) {
    fallbacks.incrementAndGet();
    return fallback.get();
  }

  private void reportDown(String reason) {
    if (down.compareAndSet(false, true)) {
      warnings.accept("Redis at " + settings.describe() + " failed (" + reason + "): using per-process router "
          + "state and rate limits until it answers again; budget checks follow budget_checks_on_outage "
          + "(default fail_closed: calls charged to a budget get 503)");
    }
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e ? message : e.getClass().getSimpleName() + ": " + message;
  }

  /** How many operations were served by the per-process fallback since start. */
  long fallbacks() {
    return fallbacks.get();
  }

  RedisSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Thread loop = connector;
    if (loop != null) {
      loop.interrupt();
    }
    StatefulRedisConnection<String, String> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
