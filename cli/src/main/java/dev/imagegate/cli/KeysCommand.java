package dev.imagegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagegate keys create|list|info|delete}: manage virtual keys on a running gateway. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Manage virtual keys on a running gateway (needs its master key).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Info.class,
        KeysCommand.Delete.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate keys create --alias team-a --models dall-e-3,gpt-image-1 --max-budget 25 --duration 30d",
        "  imagegate keys list",
        "  imagegate keys info sk-...",
        "  imagegate keys delete sk-...",
        "",
        "Environment: IMAGEGATE_URL (default http://localhost:4000), IMAGEGATE_MASTER_KEY or LITELLM_MASTER_KEY."})
final class KeysCommand {
  /** Where the gateway is and its master key. */
  static final class Target {
    @Option(names = "--url", paramLabel = "URL", description = "The gateway (env IMAGEGATE_URL; default "
        + "http://localhost:4000).")
    String url;

    @Option(names = "--master-key", paramLabel = "KEY", description = "The master key (env IMAGEGATE_MASTER_KEY).")
    String masterKey;
  }

  /** Runs one management call and prints its JSON answer; failures print the gateway's message and exit 3. */
  abstract static class Call implements Callable<Integer> {
    @Mixin
    Target target;
    final Env env;
    final PrintStream out;
    final PrintStream err;

    Call(Env env, PrintStream out, PrintStream err) {
      this.env = env;
      this.out = out;
      this.err = err;
    }

    abstract JsonNode run(GatewayClient client) throws GatewayClient.Failure;

    @Override
    public Integer call() {
      try {
        out.println(run(GatewayClient.of(target.url, target.masterKey, env)).toPrettyString());
        return 0;
      } catch (GatewayClient.Failure e) {
        err.println("error: " + e.getMessage());
        return Main.UPSTREAM;
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints it once.")
  static final class Create extends Call {
    @Option(names = "--alias", description = "key_alias") String alias;
    @Option(names = "--models", split = ",", description = "Model groups it may use (default: all).")
    List<String> models;
    @Option(names = "--max-budget", description = "USD.") Double maxBudget;
    @Option(names = "--budget-duration", description = "Reset spend every period, e.g. 30d.") String budgetDuration;
    @Option(names = "--duration", description = "Expire after, e.g. 30d, 1h.") String duration;
    @Option(names = "--rpm-limit") Integer rpmLimit;
    @Option(names = "--max-parallel-requests") Integer maxParallel;
    @Option(names = "--user-id") String userId;
    @Option(names = "--team-id") String teamId;

    Create(Env env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    @Override
    JsonNode run(GatewayClient client) throws GatewayClient.Failure {
      Map<String, Object> body = new LinkedHashMap<>();
      putIfSet(body, "key_alias", alias);
      putIfSet(body, "models", models);
      putIfSet(body, "max_budget", maxBudget);
      putIfSet(body, "budget_duration", budgetDuration);
      putIfSet(body, "duration", duration);
      putIfSet(body, "rpm_limit", rpmLimit);
      putIfSet(body, "max_parallel_requests", maxParallel);
      putIfSet(body, "user_id", userId);
      putIfSet(body, "team_id", teamId);
      return client.post("/key/generate", body);
    }

    private static void putIfSet(Map<String, Object> body, String name, Object value) {
      if (value != null) {
        body.put(name, value);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (hashes and aliases).")
  static final class ListKeys extends Call {
    @Option(names = "--user-id") String userId;
    @Option(names = "--team-id") String teamId;

    ListKeys(Env env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    @Override
    JsonNode run(GatewayClient client) throws GatewayClient.Failure {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("return_full_object", "true");
      query.put("user_id", userId);
      query.put("team_id", teamId);
      return client.get("/key/list", query);
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a key's settings and spend.")
  static final class Info extends Call {
    @Parameters(paramLabel = "KEY", description = "The key (sk-...) or its hash.") String key;

    Info(Env env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    @Override
    JsonNode run(GatewayClient client) throws GatewayClient.Failure {
      return client.get("/key/info", Map.of("key", key));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete keys.")
  static final class Delete extends Call {
    @Parameters(paramLabel = "KEY", arity = "1..*", description = "Keys (sk-...) or hashes.") List<String> keys;

    Delete(Env env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    @Override
    JsonNode run(GatewayClient client) throws GatewayClient.Failure {
      return client.post("/key/delete", Map.of("keys", keys));
    }
  }
}
