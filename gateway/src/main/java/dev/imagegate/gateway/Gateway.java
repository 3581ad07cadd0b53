package dev.imagegate.gateway;

import dev.imagegate.config.Config;
import dev.imagegate.gateway.admin.Accounts;
import dev.imagegate.gateway.admin.AdminEndpoints;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.health.HealthEndpoints;
import dev.imagegate.gateway.http.AnswerBudget;
import dev.imagegate.gateway.http.HttpServer;
import dev.imagegate.gateway.http.JettyTransport;
import dev.imagegate.gateway.http.OpenApiEndpoint;
import dev.imagegate.gateway.http.Routes;
import dev.imagegate.gateway.images.FileImageStore;
import dev.imagegate.gateway.images.FilesEndpoint;
import dev.imagegate.gateway.images.ImagesEndpoint;
import dev.imagegate.gateway.http.UploadLimits;
import dev.imagegate.Operation;
import dev.imagegate.gateway.models.GroupAccess;
import dev.imagegate.gateway.models.ModelsEndpoints;
import dev.imagegate.gateway.observe.AccessLog;
import dev.imagegate.gateway.observe.MetricsEndpoint;
import dev.imagegate.gateway.observe.Telemetry;
import dev.imagegate.gateway.shared.SharedState;
import dev.imagegate.gateway.ui.UiEndpoints;
import dev.imagegate.guardrail.Guardrails;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.router.Cooldowns;
import dev.imagegate.router.Router;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's composition root: builds every collaborator once, wires the routes, and owns their lifecycle. An
 * OpenAI-compatible images server in front of the router.
 */
public final class Gateway implements AutoCloseable {
  private final GatewaySettings settings;
  private final Router router;
  private final JettyTransport transport;
  private final HttpServer server;
  private final FileImageStore images;
  private final Accounts accounts;
  private final Telemetry telemetry;
  private final SharedState shared;
  private final Thread sweeper;
  private final List<String> routeTable;

  private Gateway(Config config, GatewaySettings settings, Parts parts, Clock clock, PrintStream log,
                  ProviderRegistry providers) {
    this.settings = settings;
    this.accounts = parts.accounts();
    this.transport = parts.transport();
    this.telemetry = parts.telemetry();
    this.shared = parts.shared();
    this.images = new FileImageStore(settings.imageDir(), settings.imageTtl(), clock, this::url);
    Cooldowns cooldowns = shared.cooldowns();
    this.router = Router.builder(config.deployments()).settings(config.routerSettings()).env(config.env())
        .providers(providers).transport(transport).clock(clock).cooldowns(cooldowns).traffic(shared.traffic()).imageStore(images)
        .urlFetch(settings.fetch()).listener(telemetry).catalog(config.catalog())
        .lifecycleWarnings(message -> log.println("warning: " + message))
        .costWarnings(message -> log.println("warning: " + message)).build();
    telemetry.metrics().spendWriter(accounts.writer()::pending, accounts.writer()::overflowed);
    telemetry.metrics().spendJournal(accounts.journal()::syncs, accounts.journal()::journaled,
        accounts.journal()::failures);
    accounts.journal().gatherFrom(telemetry.metrics()::callsInFlight);
    telemetry.metrics().sharedStateFallbacks(shared.fallbacks());
    AnswerBudget answers = transport.budget();
    if (answers != null) {
      telemetry.metrics().upstreamBuffer(answers::available, answers::waiting);
    }
    telemetry.metrics().budgetOutageDecisions(accounts.enforcement()::outageDecisions);
    Authenticator auth = new Authenticator(settings.masterKey(), accounts.cache()::authenticate);
    GroupAccess access = new GroupAccess(router);
    ImagesEndpoint imagesEndpoint = new ImagesEndpoint(auth, access, router, accounts.enforcement(),
        Guardrails.fromConfig(config, transport), telemetry, clock, settings.maxRequestBytes());
    UploadLimits uploads = UploadLimits.from(config.generalSettings());
    ImagesEndpoint edits = imagesEndpoint.forInputs(Operation.EDIT, uploads);
    ImagesEndpoint variations = imagesEndpoint.forInputs(Operation.VARIATION, uploads);
    MetricsEndpoint metrics = new MetricsEndpoint(telemetry.metrics(), auth,
        settings.switches().requireAuthForMetrics());
    ModelsEndpoints models = new ModelsEndpoints(auth, access, clock.instant().getEpochSecond(), router);
    HealthEndpoints health = new HealthEndpoints(auth, router, access, cooldowns, shared.traffic(), clock,
        this::readiness);
    FilesEndpoint files = new FilesEndpoint(images);
    Routes.Builder routes = Routes.builder()
        .post("/v1/images/generations", imagesEndpoint)
        .post("/images/generations", imagesEndpoint)
        .post("/openai/deployments/{model}/images/generations", imagesEndpoint)
        .post("/v1/images/edits", edits)
        .post("/images/edits", edits)
        .post("/openai/deployments/{model}/images/edits", edits)
        .post("/v1/images/variations", variations)
        .post("/images/variations", variations)
        .post("/openai/deployments/{model}/images/variations", variations)
        .get("/v1/images/files/{name}", files)
        .get("/v1/models", models::list)
        .get("/models", models::list)
        .get("/v1/model/info", models::info)
        .get("/model/info", models::info)
        .get("/health/liveliness", health::liveness)
        .get("/health/liveness", health::liveness)
        .get("/health/readiness", health::readiness)
        .get("/health", health::health)
        .get("/metrics", metrics)
        .get("/openapi.json", new OpenApiEndpoint())
        .onUnexpected(failure -> {
          log.println("error: unexpected failure while handling a request: " + failure);
          if (settings.detailedDebug()) {
            failure.printStackTrace(log);
          }
        });
    new AdminEndpoints(auth, accounts).register(routes);
    new UiEndpoints().register(routes);
    Routes table = routes.limits(settings.edge()).build();
    this.routeTable = table.table();
    this.server = new HttpServer(settings.host(), settings.port(), table, settings.shutdownGrace(), settings.edge());
    server.requestLog(new AccessLog(log, clock, AccessLog.jsonRequested(
        settings.switches().jsonLogs(), config.env().get("JSON_LOGS"))));
    this.sweeper = Thread.ofVirtual().name("imagegate-image-sweeper").unstarted(this::sweepImages);
  }

  /**
   * What outlives a failed start only until it is closed: the database, the upstream client, the sinks. The database
   * (which flushes the queued spend rows) closes before the upstream client, so nothing the client's stop does can
   * hold the flush up.
   */
  private record Parts(Accounts accounts, JettyTransport transport, Telemetry telemetry, SharedState shared) {
    void close() {
      if (shared != null) {
        shared.close();
      }
      try {
        if (telemetry != null) {
          telemetry.close(Duration.ZERO);
        }
      } finally {
        try {
          accounts.close();
        } finally {
          transport.close();
        }
      }
    }
  }

  /**
   * Builds the gateway for {@code config} and starts listening. {@code json_logs} callbacks write to standard output.
   *
   * @throws IllegalArgumentException listing the problems of the guardrails or logging callbacks configured
   * @throws Exception when the port cannot be bound or the database cannot be opened
   */
  public static Gateway start(Config config, GatewaySettings settings, Env env, Clock clock, PrintStream log)
      throws Exception {
    return start(config, settings, env, clock, log, ProviderRegistry.standard());
  }

  /**
   * {@link #start(Config, GatewaySettings, Env, Clock, PrintStream)} with the providers {@code providers} holds (the
   * standard ones plus, in tests, a provider of their own).
   */
  public static Gateway start(Config config, GatewaySettings settings, Env env, Clock clock, PrintStream log,
                              ProviderRegistry providers) throws Exception {
    SharedState shared = SharedState.open(config.routerSettingsTree(), config.env(), clock,
        message -> log.println("warning: " + message));
    Accounts accounts;
    try {
      accounts = Accounts.open(settings.store(), env, clock, shared.limits());
    } catch (RuntimeException e) {
      shared.close();
      throw e;
    }
    // as many upstream connections per provider host as the gateway admits client connections: an HTTP/1.1 provider
    // needs one per call in flight, so a lower cap would queue calls the edge let in (10,000 slow generations to one
    // provider were held to 4,096 at a time); over HTTP/2 calls share connections up to the provider's stream limit
    JettyTransport transport = new JettyTransport(Duration.ofSeconds(10), settings.edge().maxConnections(),
        settings.maxResponseBytes(), settings.upstream())
        .bounded(new AnswerBudget(settings.upstreamBufferBytes()));
    Parts parts = new Parts(accounts, transport, null, shared);
    try {
      parts = new Parts(accounts, transport, Telemetry.fromConfig(config,
          settings.switches().litellmCompatibleMetrics(), transport, clock, System.out,
          message -> log.println("warning: " + message)), shared);
      Gateway gateway = new Gateway(config, settings, parts, clock, log, providers);
      gateway.server.start();
      gateway.sweeper.start();
      return gateway;
    } catch (Exception e) {
      parts.close();
      throw e;
    }
  }

  /** The base URL clients use, e.g. {@code http://localhost:4000}. */
  public String url() {
    return settings.publicUrl(server.port());
  }

  public int port() {
    return server.port();
  }

  /** Every route served, as {@code "METHOD /pattern"} (what {@code /openapi.json} describes). */
  public List<String> routeTable() {
    return routeTable;
  }

  /** Where keys and spend live and where router state lives, for the start-up line. */
  public String describeStores() {
    return "store: " + accounts.store().url() + "; router state: " + shared.describe();
  }

  public Router router() {
    return router;
  }

  public GatewaySettings settings() {
    return settings;
  }

  public Accounts accounts() {
    return accounts;
  }

  /** Metrics and logging callbacks. */
  public Telemetry telemetry() {
    return telemetry;
  }

  private Map<String, Object> readiness() {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("config", "ok");
    parts.put("database", accounts.status());
    parts.put("image_store", Files.isWritable(images.directory()) ? "ok" : "not writable: " + images.directory());
    return parts;
  }

  private void sweepImages() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(Duration.ofMinutes(5));
        images.sweep();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // a failed sweep leaves expired files for the next start; serving already refuses them
    }
  }

  /**
   * Stops accepting requests, lets in-flight ones finish within the grace period, then flushes the logging callbacks
   * and the spend rows and releases everything.
   */
  @Override
  public void close() throws Exception {
    sweeper.interrupt();
    try {
      server.close();
    } finally {
      try {
        telemetry.close();
      } finally {
        new Parts(accounts, transport, null, shared).close();
      }
    }
  }

  public void join() throws InterruptedException {
    server.join();
  }
}
