package dev.imagegate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Config;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.http.EdgeLimits;
import dev.imagegate.gateway.http.UpstreamProtocols;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.UrlFetch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's own settings: where it listens, the master key, limits, and where it keeps images it serves. Read
 * from {@code general_settings} (LiteLLM's keys where LiteLLM has one) and the environment; command-line flags win.
 *
 * @param publicUrl the scheme, host and port clients reach the gateway at (used in image URLs it serves)
 * @param edge timeouts and connection caps for clients
 * @param fetch how image URLs providers return are fetched
 * @param upstream which HTTP versions are spoken to providers
 */
public record GatewaySettings(String host, int port, String masterKey, long maxRequestBytes, Path imageDir,
                              Duration imageTtl, String publicUrl, Duration shutdownGrace, boolean detailedDebug,
                              long maxResponseBytes, Store store, EdgeLimits edge, UrlFetch fetch,
                              UpstreamProtocols upstream) {

  /** With the default upstream protocols. */
  public GatewaySettings(String host, int port, String masterKey, long maxRequestBytes, Path imageDir,
                         Duration imageTtl, String publicUrl, Duration shutdownGrace, boolean detailedDebug,
                         long maxResponseBytes, Store store, EdgeLimits edge, UrlFetch fetch) {
    this(host, port, masterKey, maxRequestBytes, imageDir, imageTtl, publicUrl, shutdownGrace, detailedDebug,
        maxResponseBytes, store, edge, fetch, UpstreamProtocols.DEFAULTS);
  }

  /**
   * Where keys, budgets and spend live and how spend rows are written.
   *
   * @param databaseUrl {@code general_settings.database_url}, or null for {@code DATABASE_URL}, else
   *     {@code imagegate.db} in {@code configDir}
   * @param batchWriteInterval {@code proxy_batch_write_at} (10 s)
   * @param storePrompts {@code store_prompts_in_spend_logs} (false)
   * @param journalDir {@code spend_journal_dir}: where spend rows are journaled before a paid answer is sent; null for
   *     the default (next to a SQLite file, else {@code imagegate-spend-journal} next to the config)
   * @param journalFsync {@code spend_journal_fsync} (true): force each group of journaled rows to disk; false only
   *     writes them to the operating system (survives the process being killed, not the machine losing power)
   * @param budgetOutagePolicy {@code budget_checks_on_outage}: {@code fail_closed} (default) or {@code per_process},
   *     what budget checks do while the fleet's Redis does not answer
   */
  public record Store(String databaseUrl, Path configDir, Duration batchWriteInterval, boolean storePrompts,
                      Path journalDir, boolean journalFsync, Enforcement.OutagePolicy budgetOutagePolicy) {
    public Store(String databaseUrl, Path configDir, Duration batchWriteInterval, boolean storePrompts) {
      this(databaseUrl, configDir, batchWriteInterval, storePrompts, null, true, Enforcement.OutagePolicy.FAIL_CLOSED);
    }
  }

  public static final int DEFAULT_PORT = 4000;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 10L * 1024 * 1024;
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 100L * 1024 * 1024;

  /**
   * Settings for {@code config}: {@code host}/{@code port} (null means env {@code HOST}/{@code PORT}, else
   * 0.0.0.0:4000), {@code general_settings.master_key} else {@code LITELLM_MASTER_KEY}/{@code IMAGEGATE_MASTER_KEY},
   * {@code max_request_size_mb} (10), {@code image_dir} (a folder next to the config), {@code image_url_ttl_seconds}
   * (3600), {@code public_url} (else {@code IMAGEGATE_PUBLIC_URL}, else {@code http://localhost:<port>}),
   * {@code shutdown_grace_seconds} (30), {@code max_response_size_mb} (100: the largest provider answer or image
   * download the gateway reads), {@code database_url}, {@code proxy_batch_write_at} (10),
   * {@code store_prompts_in_spend_logs} (false), {@code spend_journal_dir}, {@code spend_journal_fsync} (true),
   * {@code budget_checks_on_outage} (fail_closed), and
   * the edge's limits: {@code request_header_timeout_seconds} (10),
   * {@code request_body_timeout_seconds} (30), {@code max_connections} (25000),
   * {@code max_connections_per_client} (2000); and image URL fetching: {@code image_fetch_http_hosts} (none),
   * {@code image_fetch_max_mb} (50), {@code image_fetch_timeout_seconds} (60); and the upstream protocols:
   * {@code upstream_http2} (true: h2 offered by ALPN on https), {@code upstream_h2c_hosts} (none: plain-http hosts,
   * {@code host} or {@code host:port}, spoken to with HTTP/2 by prior knowledge).
   *
   * @throws IllegalArgumentException listing every bad setting
   */
  public static GatewaySettings from(Config config, Env env, String host, Integer port, boolean detailedDebug) {
    JsonNode general = config.generalSettings();
    List<String> problems = new ArrayList<>();
    String chosenHost = host != null ? host : env.find("HOST").orElse("0.0.0.0");
    int chosenPort = port != null ? port : parsePort(env.find("PORT").orElse(null), problems);
    String masterKey = text(general, "master_key", problems);
    if (masterKey == null) {
      masterKey = env.first("LITELLM_MASTER_KEY", "IMAGEGATE_MASTER_KEY").orElse(null);
    }
    double sizeMb = number(general, "max_request_size_mb", DEFAULT_MAX_REQUEST_BYTES / 1048576.0, problems);
    String dir = text(general, "image_dir", problems);
    Path imageDir = dir != null ? Path.of(dir) : defaultImageDir(config);
    double ttl = number(general, "image_url_ttl_seconds", 3600, problems);
    String publicUrl = text(general, "public_url", problems);
    if (publicUrl == null) {
      publicUrl = env.find("IMAGEGATE_PUBLIC_URL").orElse(null);
    }
    double grace = number(general, "shutdown_grace_seconds", 30, problems);
    double responseMb = number(general, "max_response_size_mb", DEFAULT_MAX_RESPONSE_BYTES / 1048576.0, problems);
    Store store = new Store(text(general, "database_url", problems), configDir(config),
        Duration.ofMillis((long) (number(general, "proxy_batch_write_at", 10, problems) * 1000)),
        general.path("store_prompts_in_spend_logs").asBoolean(false),
        Optional.ofNullable(text(general, "spend_journal_dir", problems)).map(configDir(config)::resolve)
            .orElse(null),
        general.path("spend_journal_fsync").asBoolean(true), outagePolicy(general, problems));
    EdgeLimits edge = edge(general, problems);
    UrlFetch fetch = new UrlFetch(hosts(general, "image_fetch_http_hosts", problems),
        (long) (number(general, "image_fetch_max_mb", UrlFetch.DEFAULTS.maxBytes() / 1048576.0, problems) * 1048576),
        seconds(general, "image_fetch_timeout_seconds", UrlFetch.DEFAULTS.timeout(), problems));
    UpstreamProtocols upstream = upstream(general, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new GatewaySettings(chosenHost, chosenPort, masterKey, (long) (sizeMb * 1048576), imageDir,
        Duration.ofMillis((long) (ttl * 1000)), publicUrl, Duration.ofMillis((long) (grace * 1000)),
        detailedDebug, (long) (responseMb * 1048576), store, edge, fetch, upstream);
  }

  private static UpstreamProtocols upstream(JsonNode general, List<String> problems) {
    JsonNode http2 = general.path("upstream_http2");
    if (!http2.isMissingNode() && !http2.isNull() && !http2.isBoolean()) {
      problems.add("general_settings.upstream_http2 must be true or false");
    }
    return new UpstreamProtocols(http2.asBoolean(true), hosts(general, "upstream_h2c_hosts", problems));
  }

  private static Enforcement.OutagePolicy outagePolicy(JsonNode general, List<String> problems) {
    String value = text(general, "budget_checks_on_outage", problems);
    if (value == null || value.equals("fail_closed")) {
      return Enforcement.OutagePolicy.FAIL_CLOSED;
    }
    if (value.equals("per_process")) {
      return Enforcement.OutagePolicy.PER_PROCESS;
    }
    problems.add("general_settings.budget_checks_on_outage must be fail_closed or per_process (got '" + value + "')");
    return Enforcement.OutagePolicy.FAIL_CLOSED;
  }

  private static EdgeLimits edge(JsonNode general, List<String> problems) {
    EdgeLimits defaults = EdgeLimits.DEFAULTS;
    return new EdgeLimits(
        seconds(general, "request_header_timeout_seconds", defaults.headerTimeout(), problems),
        seconds(general, "request_body_timeout_seconds", defaults.bodyTimeout(), problems),
        (int) Math.max(1, number(general, "max_connections", defaults.maxConnections(), problems)),
        (int) Math.max(1, number(general, "max_connections_per_client", defaults.maxConnectionsPerClient(),
            problems)));
  }

  private static Set<String> hosts(JsonNode general, String key, List<String> problems) {
    JsonNode value = general.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode host : value.isArray() ? value : List.<JsonNode>of()) {
      if (!host.isTextual() || host.asText().isBlank() || host.asText().contains("/")) {
        problems.add("general_settings." + key + " must be a list of host names");
        return Set.of();
      }
      out.add(host.asText().trim());
    }
    if (!value.isArray()) {
      problems.add("general_settings." + key + " must be a list of host names");
    }
    return out;
  }

  private static Duration seconds(JsonNode general, String key, Duration fallback, List<String> problems) {
    return Duration.ofMillis((long) (number(general, key, fallback.toMillis() / 1000.0, problems) * 1000));
  }

  /** The config file's folder; the working directory for a config that is not a file (the quickstart). */
  private static Path configDir(Config config) {
    Path file = config.file() == null ? null : Path.of(config.file()).toAbsolutePath();
    return file != null && Files.isRegularFile(file) ? file.getParent() : Path.of("").toAbsolutePath();
  }

  /** {@code imagegate-images} next to the config file; in the temp folder for a config that is not a file. */
  private static Path defaultImageDir(Config config) {
    Path file = config.file() == null ? null : Path.of(config.file()).toAbsolutePath();
    if (file != null && Files.isRegularFile(file)) {
      return file.getParent().resolve("imagegate-images");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "imagegate-images");
  }

  /** The URL clients use, once the port is known (port 0 binds an ephemeral port). */
  public String publicUrl(int boundPort) {
    if (publicUrl != null) {
      return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return "http://" + shown + ":" + boundPort;
  }

  private static int parsePort(String value, List<String> problems) {
    if (value == null) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      problems.add("PORT must be a port number (0-65535), got '" + value + "'");
      return DEFAULT_PORT;
    }
  }

  private static String text(JsonNode general, String key, List<String> problems) {
    JsonNode value = general.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problems.add("general_settings." + key + " must be a non-empty string");
      return null;
    }
    if (value.asText().startsWith("os.environ/")) {
      problems.add("general_settings." + key + " refers to the environment variable "
          + value.asText().substring("os.environ/".length()) + ", which is not set");
      return null;
    }
    return value.asText();
  }

  private static double number(JsonNode general, String key, double fallback, List<String> problems) {
    JsonNode value = general.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber() || value.asDouble() <= 0) {
      problems.add("general_settings." + key + " must be a positive number");
      return fallback;
    }
    return value.asDouble();
  }
}
