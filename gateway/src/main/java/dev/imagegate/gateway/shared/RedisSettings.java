package dev.imagegate.gateway.shared;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Values;
import dev.imagegate.provider.Env;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the shared router state lives. Read from LiteLLM's keys: {@code router_settings.redis_url}, else
 * {@code router_settings.redis_host} (with {@code redis_port}, default 6379, and {@code redis_password}), else the
 * environment's {@code REDIS_URL}, else {@code REDIS_HOST} with {@code REDIS_PORT} and {@code REDIS_PASSWORD}. Keys
 * are prefixed with {@code IMAGEGATE_REDIS_NAMESPACE} (default {@code imagegate}) so several gateway fleets can share
 * one Redis.
 *
 * @param uri the server, with its password; never printed (see {@link #describe()})
 * @param namespace the prefix of every key, without the trailing colon
 * @param commandTimeout the longest a request waits for one Redis command before using per-process state
 */
public record RedisSettings(RedisURI uri, String namespace, Duration commandTimeout) {
  public static final String DEFAULT_NAMESPACE = "imagegate";
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(200);
  private static final Values STRICT = new Values((path, problem) -> {
    throw new IllegalArgumentException(path + " " + problem);
  });

  /**
   * The settings for a config's {@code router_settings} and environment; empty when neither names a Redis.
   *
   * @throws IllegalArgumentException when a setting is malformed (a bad URL or port, a list where a string goes),
   *     naming it
   */
  public static Optional<RedisSettings> from(JsonNode routerSettings, Env env) {
    String namespace = env.find("IMAGEGATE_REDIS_NAMESPACE").orElse(DEFAULT_NAMESPACE);
    return uri(routerSettings, env).map(uri -> new RedisSettings(uri, namespace, DEFAULT_COMMAND_TIMEOUT));
  }

  private static Optional<RedisURI> uri(JsonNode router, Env env) {
    String url = text(router, "redis_url");
    if (url != null) {
      return Optional.of(parse(url, "router_settings.redis_url"));
    }
    String host = text(router, "redis_host");
    if (host != null) {
      return Optional.of(hostAndPort(host, text(router, "redis_port"), text(router, "redis_password"),
          "router_settings.redis_port"));
    }
    Optional<String> envUrl = env.find("REDIS_URL");
    if (envUrl.isPresent()) {
      return Optional.of(parse(envUrl.get(), "REDIS_URL"));
    }
    return env.find("REDIS_HOST").map(h -> hostAndPort(h, env.get("REDIS_PORT"), env.get("REDIS_PASSWORD"),
        "REDIS_PORT"));
  }

  private static RedisURI parse(String url, String where) {
    try {
      return RedisURI.create(url.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + " must be a Redis URL such as redis://:password@host:6379/0: "
          + e.getMessage());
    }
  }

  private static RedisURI hostAndPort(String host, String port, String password, String portName) {
    RedisURI.Builder builder = RedisURI.builder().withHost(host.trim()).withPort(port(port, portName));
    if (password != null && !password.isBlank()) {
      builder.withPassword(password.toCharArray());
    }
    return builder.build();
  }

  private static int port(String value, String name) {
    if (value == null || value.isBlank()) {
      return RedisURI.DEFAULT_REDIS_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a port number (1-65535), got '" + value + "'");
  }

  /** A setting as text; blank reads as absent, a list or mapping is an error naming the setting. */
  private static String text(JsonNode node, String key) {
    String value = STRICT.text(node.path(key), "router_settings." + key);
    return value == null || value.isBlank() ? null : value;
  }

  /** Host, port and database for messages, without the password. */
  public String describe() {
    String where = uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
    return (uri.isSsl() ? "rediss://" : "redis://") + where + "/" + uri.getDatabase() + " (namespace '" + namespace
        + "')";
  }

  @Override
  public String toString() {
    return "RedisSettings[" + describe() + ", commandTimeout=" + commandTimeout + "]";
  }
}
