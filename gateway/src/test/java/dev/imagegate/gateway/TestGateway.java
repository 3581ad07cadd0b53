package dev.imagegate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import dev.imagegate.testing.Catalogs;

/** A real gateway on an ephemeral port, built from a config.yaml text, and a real HTTP client to call it. */
final class TestGateway implements AutoCloseable {
  final Gateway gateway;
  private final String base;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final HttpClient client = HttpClient.newHttpClient();

  /**
   * A gateway for {@code yaml}. Unless the config names its own {@code model_catalog}, models keep working whatever
   * their lifecycle (many tests were written against dall-e-3, shut down since): lifecycle tests use
   * {@link #withLifecycles}.
   */
  TestGateway(String yaml, Map<String, String> env, Path imageDir, Clock clock) throws Exception {
    this(yaml, env, imageDir, clock, false, ProviderRegistry.standard());
  }

  /** A gateway whose providers are {@code providers} (the standard ones plus a test provider). */
  TestGateway(String yaml, Map<String, String> env, Path imageDir, Clock clock, ProviderRegistry providers)
      throws Exception {
    this(yaml, env, imageDir, clock, false, providers);
  }

  static TestGateway withLifecycles(String yaml, Map<String, String> env, Path imageDir, Clock clock)
      throws Exception {
    return new TestGateway(yaml, env, imageDir, clock, true, ProviderRegistry.standard());
  }

  private TestGateway(String yaml, Map<String, String> env, Path imageDir, Clock clock, boolean lifecycles,
                      ProviderRegistry providers) throws Exception {
    Config loaded = new ConfigLoader(Env.of(env), providers).parse(yaml, "test-config.yaml");
    Config config = lifecycles || yaml.contains("model_catalog") ? loaded
        : loaded.withCatalog(Catalogs.WITHOUT_LIFECYCLES);
    GatewaySettings defaults = GatewaySettings.from(config, Env.of(env), "127.0.0.1", 0, true);
    GatewaySettings settings = new GatewaySettings(defaults.host(), 0, defaults.masterKey(),
        defaults.maxRequestBytes(), imageDir, defaults.imageTtl(), null, defaults.shutdownGrace(), true,
        defaults.maxResponseBytes(), new GatewaySettings.Store(
            defaults.store().databaseUrl() != null ? defaults.store().databaseUrl()
                : "sqlite:" + imageDir.resolve("imagegate-test.db"),
            imageDir, defaults.store().batchWriteInterval(), defaults.store().storePrompts(),
            defaults.store().journalDir(), defaults.store().journalFsync(), defaults.store().budgetOutagePolicy()),
        defaults.edge(),
        defaults.fetch(), defaults.switches());
    this.gateway = Gateway.start(config, settings, Env.of(env), clock,
        new PrintStream(log, true, StandardCharsets.UTF_8), providers);
    this.base = gateway.url();
  }

  /** A gateway whose only model group is {@code mock/imagegate-demo}. */
  static String mockConfig(String generalSettings) {
    return """
        model_list:
          - model_name: mock/imagegate-demo
            litellm_params: {model: mock/imagegate-demo}
        """ + generalSettings;
  }

  String url(String path) {
    return base + path;
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<String> response) {
    return Fixtures.tree(response.body());
  }

  @Override
  public void close() throws Exception {
    gateway.close();
  }
}
