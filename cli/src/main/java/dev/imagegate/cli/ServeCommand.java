package dev.imagegate.cli;

import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigException;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.config.ConfigProblem;
import dev.imagegate.gateway.Gateway;
import dev.imagegate.gateway.GatewaySettings;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.router.ModelGroup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagegate serve}: the OpenAI-compatible gateway, in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the OpenAI-compatible images gateway (POST /v1/images/generations) from a LiteLLM-style "
        + "config.yaml, or a quickstart config (mock/imagegate-demo plus every provider whose key is in the "
        + "environment) when none is given.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate serve",
        "  imagegate serve --config config.yaml --port 4000",
        "  IMAGEGATE_MASTER_KEY=sk-admin imagegate serve --config config.yaml \\",
        "      --host 127.0.0.1",
        "",
        "Environment: IMAGEGATE_CONFIG, HOST, PORT, LITELLM_MASTER_KEY /",
        "IMAGEGATE_MASTER_KEY, IMAGEGATE_PUBLIC_URL.",
        "Exit codes: 0 stopped; 2 bad config or flags, the port is taken, or the",
        "database cannot be opened."})
final class ServeCommand implements Callable<Integer> {
  private final Env env;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Option(names = "--config", paramLabel = "FILE", description = "LiteLLM-style config.yaml (env IMAGEGATE_CONFIG).")
  private Path config;

  @Option(names = "--host", paramLabel = "HOST", description = "Address to bind (env HOST; default 0.0.0.0).")
  private String host;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (env PORT; default 4000).")
  private Integer port;

  @Option(names = {"--detailed-debug", "--detailed_debug"},
      description = "Print stack traces of unexpected failures and start-up errors.")
  private boolean detailedDebug;

  @Option(names = {"--num_workers", "--num-workers"}, paramLabel = "N",
      description = {"Accepted for LiteLLM compatibility and ignored: one process",
          "on virtual threads already serves every core."})
  private Integer numWorkers;

  ServeCommand(Env env, PrintStream stdout, PrintStream stderr) {
    this.env = env;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws Exception {
    Config loaded;
    GatewaySettings settings;
    try {
      loaded = load();
    } catch (ConfigException e) {
      return Main.USAGE;
    }
    try {
      settings = GatewaySettings.from(loaded, env, host, port, detailedDebug);
    } catch (ConfigException e) {
      e.errors().stream().map(ConfigProblem::toString).forEach(p -> stderr.println("error: " + p));
      return Main.USAGE;
    } catch (IllegalArgumentException e) {
      stderr.println("error: " + e.getMessage());
      return Main.USAGE;
    }
    loaded.warnings().forEach(w -> stderr.println("warning: " + w));
    if (numWorkers != null && numWorkers != 1) {
      stderr.println("note: --num_workers " + numWorkers + " is ignored: this one process runs each request on a "
          + "virtual thread and uses all " + Runtime.getRuntime().availableProcessors() + " cores");
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(loaded, settings, loaded.env(), Clock.systemUTC(), stderr);
    } catch (java.io.IOException e) {
      stderr.println("error: cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
      return Main.USAGE;
    } catch (Exception e) {
      // a database that cannot be opened or reached, a config the gateway refuses: one line, the trace on request
      stderr.println("error: " + oneLine(e));
      if (detailedDebug) {
        e.printStackTrace(stderr);
      }
      return Main.USAGE;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(gateway), "imagegate-shutdown"));
    announce(gateway, loaded);
    gateway.join();
    return 0;
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private Config load() {
    Path file = config != null ? config : env.find("IMAGEGATE_CONFIG").map(Path::of).orElse(null);
    ConfigLoader loader = new ConfigLoader(env, ProviderRegistry.standard());
    try {
      return file != null ? CheckCommand.load(file, env, stderr) : loader.parse(Quickstart.config(env), "quickstart");
    } catch (ConfigException e) {
      if (file == null) {
        e.errors().stream().map(ConfigProblem::toString).forEach(p -> stderr.println("error: " + p));
      }
      throw e;
    }
  }

  private void announce(Gateway gateway, Config loaded) {
    List<String> models = gateway.router().groups().stream().filter(ModelGroup::imageCapable)
        .map(ModelGroup::name).toList();
    stdout.println("imagegate gateway ready at " + gateway.url() + " (" + loaded.file() + ", models: "
        + String.join(", ", models) + ")");
    stderr.println(gateway.describeStores());
    stderr.println("admin UI and playground: " + gateway.url() + "/ui");
    if (gateway.settings().masterKey() == null) {
      stderr.println("WARNING: no master key is set, so this gateway is OPEN: anyone who can reach "
          + gateway.url() + " can generate images on your accounts (keys, teams and spend answer 403 until a master "
          + "key is set). Set general_settings.master_key or IMAGEGATE_MASTER_KEY.");
    }
    if (config == null && env.find("IMAGEGATE_CONFIG").isEmpty()) {
      stderr.println("No --config given: serving the quickstart models. Try:");
      stderr.println("  curl " + gateway.url() + "/v1/images/generations -H 'Content-Type: application/json' "
          + "-d '{\"model\": \"" + Quickstart.DEMO_MODEL + "\", \"prompt\": \"a lighthouse at dawn\"}'");
    }
  }

  private void stop(Gateway gateway) {
    try {
      gateway.close();
    } catch (Exception e) {
      stderr.println("warning: shutdown was not clean: " + e.getMessage());
    }
  }
}
