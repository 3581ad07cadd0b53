package dev.imagegate.gateway.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.imagegate.gateway.shared.RedisSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Redis the shared-state tests run against (127.0.0.1:6379, no password). Tests skip with a visible message
 * when it is not reachable, except under {@code CI=true}, where that fails them. Each test uses its own namespace.
 */
public final class Redis {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 6379;
  public static final String URL = "redis://" + HOST + ":" + PORT;

  private static StatefulRedisConnection<String, String> admin;

  private Redis() {
  }

  /** Aborts (skips) the calling test when Redis is absent, or fails it under {@code CI=true}. */
  public static void require(String testName) {
    try {
      String pong = run(r -> r.ping());
      if (!"PONG".equals(pong)) {
        throw new IllegalStateException("PING answered " + pong);
      }
    } catch (RuntimeException e) {
      String message = "Redis at " + HOST + ":" + PORT + " is not reachable: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: the Redis tests must run)");
      }
      System.err.println("SKIPPED " + testName + ": " + message);
      Assumptions.abort(message);
    }
  }

  /** A fresh namespace for one test. */
  public static String newNamespace() {
    return "ig-test-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** Settings for the test Redis, reached at {@code url} (e.g. through a proxy), under {@code namespace}. */
  public static RedisSettings settings(String url, String namespace) {
    return new RedisSettings(RedisURI.create(url), namespace, RedisSettings.DEFAULT_COMMAND_TIMEOUT);
  }

  public static RedisSettings settings(String namespace) {
    return settings(URL, namespace);
  }

  /** Every key of {@code namespace}. */
  public static List<String> keys(String namespace) {
    return run(r -> {
      List<String> keys = new ArrayList<>();
      ScanIterator.scan(r, ScanArgs.Builder.matches(namespace + ":*").limit(500)).forEachRemaining(keys::add);
      return keys;
    });
  }

  /** The key's time to live in milliseconds; -1 when it has none, -2 when it does not exist. */
  public static long pttl(String key) {
    return run(r -> r.pttl(key));
  }

  /** Deletes every key of {@code namespace}. */
  public static void clear(String namespace) {
    List<String> keys = keys(namespace);
    if (!keys.isEmpty()) {
      run(r -> r.del(keys.toArray(String[]::new)));
    }
  }

  /** Runs {@code command} on the tests' own connection (opened on first use, kept for the test run). */
  public static synchronized <T> T run(Function<RedisCommands<String, String>, T> command) {
    if (admin == null || !admin.isOpen()) {
      RedisURI uri = RedisURI.create(URL);
      uri.setTimeout(Duration.ofSeconds(3));
      RedisClient client = RedisClient.create(uri);
      client.setOptions(ClientOptions.builder()
          .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).build()).build());
      try {
        admin = client.connect();
      } catch (RuntimeException e) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        throw e;
      }
    }
    return command.apply(admin.sync());
  }
}
