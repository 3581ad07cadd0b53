package dev.imagegate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigException;
import dev.imagegate.config.ConfigReader;
import dev.imagegate.config.Values;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.http.AnswerBudget;
import dev.imagegate.gateway.http.EdgeLimits;
import dev.imagegate.gateway.http.UpstreamProtocols;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.UrlFetch;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param switches what {@code litellm_settings} turns on at the gateway
 * @param upstream which HTTP versions are spoken to providers
 * @param upstreamBufferBytes the most bytes of large upstream answers (over 256 KB each) held in the heap at once;
 *     answers beyond it wait at the provider ({@link AnswerBudget})
 */
public record GatewaySettings(String host, int port, String masterKey, long maxRequestBytes, Path imageDir,
                              Duration imageTtl, String publicUrl, Duration shutdownGrace, boolean detailedDebug,
                              long maxResponseBytes, Store store, EdgeLimits edge, UrlFetch fetch,
                              Switches switches, UpstreamProtocols upstream, long upstreamBufferBytes) {

  /** With the default bound on large upstream answers held at once ({@link AnswerBudget#defaultCapacity}). */
  public GatewaySettings(String host, int port, String masterKey, long maxRequestBytes, Path imageDir,
                         Duration imageTtl, String publicUrl, Duration shutdownGrace, boolean detailedDebug,
                         long maxResponseBytes, Store store, EdgeLimits edge, UrlFetch fetch, Switches switches,
                         UpstreamProtocols upstream) {
    this(host, port, masterKey, maxRequestBytes, imageDir, imageTtl, publicUrl, shutdownGrace, detailedDebug,
        maxResponseBytes, store, edge, fetch, switches, upstream, AnswerBudget.defaultCapacity());
  }

  /** With the default upstream protocols. */
  public GatewaySettings(String host, int port, String masterKey, long maxRequestBytes, Path imageDir,
                         Duration imageTtl, String publicUrl, Duration shutdownGrace, boolean detailedDebug,
                         long maxResponseBytes, Store store, EdgeLimits edge, UrlFetch fetch, Switches switches) {
    this(host, port, masterKey, maxRequestBytes, imageDir, imageTtl, publicUrl, shutdownGrace, detailedDebug,
        maxResponseBytes, store, edge, fetch, switches, UpstreamProtocols.DEFAULTS);
  }

  /**
   * The {@code litellm_settings} switches the gateway reads.
   *
   * @param requireAuthForMetrics {@code require_auth_for_metrics_endpoint} (false)
   * @param jsonLogs {@code json_logs} (false): the access log as JSON lines
   * @param litellmCompatibleMetrics {@code litellm_compatible_metrics} (false): LiteLLM's metric names too
   */
  public record Switches(boolean requireAuthForMetrics, boolean jsonLogs, boolean litellmCompatibleMetrics) {
    public static final Switches DEFAULTS = new Switches(false, false, false);

    static Switches from(ConfigReader reader) {
      return new Switches(bool(reader, "require_auth_for_metrics_endpoint"), bool(reader, "json_logs"),
          bool(reader, "litellm_compatible_metrics"));
    }

    private static boolean bool(ConfigReader reader, String key) {
      String path = "litellm_settings." + key;
      return reader.values().bool(reader.node(path), path, false);
    }
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
   * @param journal {@code spend_journal} (true); false sends answers without waiting for their rows to be on disk (a
   *     killed gateway loses the rows not yet in the database), e.g. to measure what the journal costs
   */
  public record Store(String databaseUrl, Path configDir, Duration batchWriteInterval, boolean storePrompts,
                      Path journalDir, boolean journalFsync, Enforcement.OutagePolicy budgetOutagePolicy,
                      boolean journal) {
    public Store(String databaseUrl, Path configDir, Duration batchWriteInterval, boolean storePrompts) {
      this(databaseUrl, configDir, batchWriteInterval, storePrompts, null, true, Enforcement.OutagePolicy.FAIL_CLOSED);
    }

    public Store(String databaseUrl, Path configDir, Duration batchWriteInterval, boolean storePrompts,
                 Path journalDir, boolean journalFsync, Enforcement.OutagePolicy budgetOutagePolicy) {
      this(databaseUrl, configDir, batchWriteInterval, storePrompts, journalDir, journalFsync, budgetOutagePolicy,
          true);
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
   * {@code store_prompts_in_spend_logs} (false), {@code spend_journal} (true), {@code spend_journal_dir},
   * {@code spend_journal_fsync} (true), {@code budget_checks_on_outage} (fail_closed), and
   * the edge's limits: {@code request_header_timeout_seconds} (10),
   * {@code request_body_timeout_seconds} (30), {@code max_connections} (25000),
   * {@code max_connections_per_client} (2000); and image URL fetching: {@code image_fetch_http_hosts} (none),
   * {@code image_fetch_max_mb} (50), {@code image_fetch_timeout_seconds} (60); and the upstream protocols:
   * {@code upstream_http2} (true: h2 offered by ALPN on https), {@code upstream_h2c_hosts} (none: plain-http hosts,
   * {@code host} or {@code host:port}, spoken to with HTTP/2 by prior knowledge), {@code upstream_buffer_mb} (a
   * quarter of the heap, at least 64: large upstream answers held at once).
   *
   * @throws ConfigException listing every bad setting, each with the file, line and key (or naming the environment
   *     variable) it is about
   */
  public static GatewaySettings from(Config config, Env env, String host, Integer port, boolean detailedDebug) {
    General general = new General(new ConfigReader(config));
    String chosenHost = host != null ? host : env.find("HOST").orElse("0.0.0.0");
    int chosenPort = port != null ? port : parsePort(env.find("PORT").orElse(null), general.reader);
    String masterKey = general.text("master_key");
    if (masterKey == null) {
      masterKey = env.first("LITELLM_MASTER_KEY", "IMAGEGATE_MASTER_KEY").orElse(null);
    }
    double sizeMb = general.positive("max_request_size_mb", DEFAULT_MAX_REQUEST_BYTES / 1048576.0);
    String dir = general.text("image_dir");
    Path imageDir = dir != null ? Path.of(dir) : defaultImageDir(config);
    double ttl = general.positive("image_url_ttl_seconds", 3600);
    String publicUrl = general.text("public_url");
    if (publicUrl == null) {
      publicUrl = env.find("IMAGEGATE_PUBLIC_URL").orElse(null);
    }
    double grace = general.positive("shutdown_grace_seconds", 30);
    double responseMb = general.positive("max_response_size_mb", DEFAULT_MAX_RESPONSE_BYTES / 1048576.0);
    Store store = new Store(general.text("database_url"), configDir(config),
        general.seconds("proxy_batch_write_at", Duration.ofSeconds(10)),
        general.bool("store_prompts_in_spend_logs", false),
        Optional.ofNullable(general.text("spend_journal_dir")).map(configDir(config)::resolve).orElse(null),
        general.bool("spend_journal_fsync", true), outagePolicy(general), general.bool("spend_journal", true));
    EdgeLimits edge = edge(general);
    UrlFetch fetch = new UrlFetch(hosts(general, "image_fetch_http_hosts"),
        (long) (general.positive("image_fetch_max_mb", UrlFetch.DEFAULTS.maxBytes() / 1048576.0) * 1048576),
        general.seconds("image_fetch_timeout_seconds", UrlFetch.DEFAULTS.timeout()));
    Switches switches = Switches.from(general.reader);
    UpstreamProtocols upstream = new UpstreamProtocols(general.bool("upstream_http2", true),
        hosts(general, "upstream_h2c_hosts"));
    double bufferMb = general.positive("upstream_buffer_mb", AnswerBudget.defaultCapacity() / 1048576.0);
    general.reader.check();
    return new GatewaySettings(chosenHost, chosenPort, masterKey, (long) (sizeMb * 1048576), imageDir,
        Duration.ofMillis((long) (ttl * 1000)), publicUrl, Duration.ofMillis((long) (grace * 1000)),
        detailedDebug, (long) (responseMb * 1048576), store, edge, fetch, switches, upstream,
        (long) (bufferMb * 1048576));
  }

  /** Typed reads of {@code general_settings} keys, each with its default. */
  private record General(ConfigReader reader) {
    private String path(String key) {
      return "general_settings." + key;
    }

    String text(String key) {
      return reader.values().nonEmptyText(reader.node(path(key)), path(key));
    }

    double positive(String key, double fallback) {
      BigDecimal value = reader.values().positive(reader.node(path(key)), path(key));
      return value == null ? fallback : value.doubleValue();
    }

    Duration seconds(String key, Duration fallback) {
      Duration value = reader.values().seconds(reader.node(path(key)), path(key));
      return value == null ? fallback : value;
    }

    boolean bool(String key, boolean fallback) {
      return reader.values().bool(reader.node(path(key)), path(key), fallback);
    }
  }

  private static Enforcement.OutagePolicy outagePolicy(General general) {
    String value = general.text("budget_checks_on_outage");
    if (value == null || value.equals("fail_closed")) {
      return Enforcement.OutagePolicy.FAIL_CLOSED;
    }
    if (value.equals("per_process")) {
      return Enforcement.OutagePolicy.PER_PROCESS;
    }
    general.reader.problem("general_settings.budget_checks_on_outage",
        "must be fail_closed or per_process (got '" + value + "')");
    return Enforcement.OutagePolicy.FAIL_CLOSED;
  }

  private static EdgeLimits edge(General general) {
    EdgeLimits defaults = EdgeLimits.DEFAULTS;
    return new EdgeLimits(
        general.seconds("request_header_timeout_seconds", defaults.headerTimeout()),
        general.seconds("request_body_timeout_seconds", defaults.bodyTimeout()),
        (int) Math.max(1, general.positive("max_connections", defaults.maxConnections())),
        (int) Math.max(1, general.positive("max_connections_per_client", defaults.maxConnectionsPerClient())));
  }

  private static Set<String> hosts(General general, String key) {
    String path = "general_settings." + key;
    JsonNode value = general.reader.node(path);
    if (Values.absent(value)) {
      return Set.of();
    }
    List<String> names = value.isArray() ? general.reader.values().strings(value, path) : null;
    if (names == null || names.stream().anyMatch(host -> host.isBlank() || host.contains("/"))) {
      general.reader.problem(path, "must be a list of host names");
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    names.forEach(host -> out.add(host.trim()));
    return out;
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

  private static int parsePort(String value, ConfigReader reader) {
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
      reader.problemOutsideFile("PORT must be a port number (0-65535), got '" + value + "'");
      return DEFAULT_PORT;
    }
  }
}
