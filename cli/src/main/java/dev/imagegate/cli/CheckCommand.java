package dev.imagegate.cli;

import dev.imagegate.catalog.Lifecycle;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigException;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.config.ConfigProblem;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.provider.Secrets;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.RequestDefaults;
import dev.imagegate.router.Router;
import dev.imagegate.router.RouterSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagegate check --config FILE}: validates a config and prints its model groups, secrets masked. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Validate a LiteLLM-style config.yaml and print its model groups and deployments (secrets masked).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate check --config config.yaml",
        "",
        "Exit codes: 0 valid (warnings may be printed), 2 invalid (every error is printed with file:line)."})
final class CheckCommand implements Callable<Integer> {
  private final Env env;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Clock clock = Clock.systemUTC();

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The config.yaml to check.")
  private Path config;

  CheckCommand(Env env, PrintStream stdout, PrintStream stderr) {
    this.env = env;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    Config loaded;
    try {
      loaded = load(config, env, stderr);
      Router.builder(loaded.deployments()).settings(loaded.routerSettings()).env(loaded.env())
          .catalog(loaded.catalog()).build();
    } catch (ConfigException e) {
      return Main.USAGE;
    } catch (IllegalArgumentException e) {
      stderr.println("error: " + e.getMessage());
      return Main.USAGE;
    }
    loaded.warnings().forEach(w -> stderr.println("warning: " + w));
    print(loaded);
    return 0;
  }

  /** Loads a config, printing every error on {@code stderr} when it is invalid. */
  static Config load(Path file, Env env, PrintStream stderr) {
    try {
      return new ConfigLoader(env, ProviderRegistry.standard()).load(file);
    } catch (ConfigException e) {
      for (ConfigProblem error : e.errors()) {
        stderr.println("error: " + error);
      }
      stderr.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + " in " + file);
      throw e;
    }
  }

  private void print(Config loaded) {
    Router router = Router.builder(loaded.deployments()).settings(loaded.routerSettings()).env(loaded.env())
        .catalog(loaded.catalog()).lifecycleWarnings(message -> { }).build();
    LocalDate today = LocalDate.now(clock);
    List<ModelGroup> groups = router.groups();
    stdout.println(loaded.file() + ": OK, " + groups.size() + " model " + (groups.size() == 1 ? "group" : "groups")
        + ", " + loaded.deployments().size() + " " + (loaded.deployments().size() == 1 ? "deployment" : "deployments"));
    for (ModelGroup group : groups) {
      stdout.println();
      stdout.println(group.name() + (group.imageCapable() ? "" : "  (not image generation: never routed to)"));
      for (Deployment deployment : group.deployments()) {
        stdout.println("  - " + describe(deployment));
        lifecycleLine(router, deployment, today).ifPresent(stdout::println);
      }
    }
    stdout.println();
    stdout.println("router: " + describe(loaded.routerSettings()));
  }

  /**
   * A line for a deployment whose model is deprecated or shut down at its provider (the catalogue's dates, the
   * deployment's own {@code shutdown_date} winning).
   */
  static Optional<String> lifecycleLine(Router router, Deployment deployment, LocalDate today) {
    Lifecycle lifecycle = router.describe(deployment).map(found -> found.entry().lifecycle())
        .orElse(Lifecycle.ACTIVE);
    try {
      lifecycle = lifecycle.overriddenBy(deployment.settings());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.of("    error: shutdown_date/deprecation_date must be YYYY-MM-DD");
    }
    return switch (lifecycle.state(today)) {
      case ACTIVE -> Optional.empty();
      case DEPRECATED -> Optional.of("    deprecated: " + lifecycle.describe(today));
      case SHUT_DOWN -> Optional.of("    SHUT DOWN: " + lifecycle.describe(today)
          + " (calls fail with model_not_found before anything is sent)");
    };
  }

  static String describe(Deployment d) {
    List<String> parts = new ArrayList<>();
    parts.add("id=" + d.id());
    parts.add("model=" + d.model());
    add(parts, "api_base", Secrets.maskUrl(d.apiBase()));
    add(parts, "api_version", d.apiVersion());
    add(parts, "api_key", d.apiKey() == null ? null : Secrets.mask(d.apiKey()));
    add(parts, "rpm", d.rpm());
    add(parts, "weight", d.weight());
    add(parts, "order", d.order());
    add(parts, "timeout", d.timeout() == null ? null : d.timeout().toMillis() / 1000.0 + "s");
    add(parts, "tags", d.tags().isEmpty() ? null : d.tags());
    add(parts, "base_model", d.baseModel());
    add(parts, "mode", d.modelInfo().mode());
    add(parts, "defaults", defaults(d));
    add(parts, "prices", d.prices().isEmpty() ? null : d.prices().asMap());
    add(parts, "settings", d.settings().isEmpty() ? null : d.maskedSettings());
    return String.join("  ", parts);
  }

  private static String describe(RouterSettings s) {
    return "routing_strategy=" + s.routingStrategy() + " num_retries=" + s.numRetries() + " timeout="
        + s.effectiveTimeout().toSeconds() + "s allowed_fails=" + s.allowedFails() + " cooldown_time="
        + s.cooldownTime().toMillis() / 1000.0 + "s max_fallbacks=" + s.maxFallbacks()
        + (s.fallbacks().general().isEmpty() ? "" : " fallbacks=" + s.fallbacks().general())
        + (s.fallbacks().defaults().isEmpty() ? "" : " default_fallbacks=" + s.fallbacks().defaults())
        + (s.fallbacks().contentPolicy() == null ? "" : " content_policy_fallbacks=" + s.fallbacks().contentPolicy())
        + (s.enableTagFiltering() ? " enable_tag_filtering=true" : "")
        + (s.retryPolicy().retries().isEmpty() ? "" : " retry_policy=" + retryPolicy(s));
  }

  private static String retryPolicy(RouterSettings s) {
    Map<String, Integer> out = new LinkedHashMap<>();
    s.retryPolicy().retries().forEach((kind, count) -> out.put(kind.key(), count));
    return out.toString();
  }

  private static Map<String, Object> defaults(Deployment d) {
    Map<String, Object> out = new LinkedHashMap<>();
    RequestDefaults r = d.defaults();
    Object[] values = {r.n(), r.size(), r.quality(), r.style(), r.responseFormat(), r.user()};
    String[] names = {"n", "size", "quality", "style", "response_format", "user"};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.put(names[i], values[i]);
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static void add(List<String> parts, String key, Object value) {
    if (value != null) {
      parts.add(key + "=" + value);
    }
  }
}
