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
        "  imagegate keys create --alias team-a --models mock/imagegate-demo \\",
        "      --max-budget 25 --duration 30d",
        "  imagegate keys list",
        "  imagegate keys list --json",
        "  imagegate keys info sk-...",
        "  imagegate keys delete sk-...",
        "",
        "Environment: IMAGEGATE_URL (default http://localhost:4000),",
        "IMAGEGATE_MASTER_KEY or LITELLM_MASTER_KEY.",
        "Exit codes: 0 success; 2 no master key, bad --url, or the gateway refused the",
        "call (4xx); 3 the gateway cannot be reached or failed (5xx)."})
final class KeysCommand {
  /** Where the gateway is and its master key. */
  static final class Target {
    @Option(names = "--url", paramLabel = "URL", description = {"The gateway (env IMAGEGATE_URL),",
        "default http://localhost:4000."})
    String url;

    @Option(names = "--master-key", paramLabel = "KEY", description = "The master key (env IMAGEGATE_MASTER_KEY).")
    String masterKey;

    @Option(names = "--json", description = "Print the gateway's JSON answer instead of a table.")
    boolean json;
  }

  /**
   * Runs one management call and prints its answer as a table (or its JSON with {@code --json}); a failure prints
   * the gateway's message and exits 2 (refused) or 3 (unreachable, failed).
   */
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

    /** The answer as the text a person reads. */
    abstract String table(JsonNode answer);

    @Override
    public Integer call() {
      try {
        JsonNode answer = run(GatewayClient.of(target.url, target.masterKey, env));
        out.print(target.json ? answer.toPrettyString() + "\n" : table(answer));
        return 0;
      } catch (GatewayClient.Failure e) {
        err.println("error: " + e.getMessage());
        return e.exitCode();
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints it once.")
  static final class Create extends Call {
    @Option(names = "--alias", paramLabel = "NAME", description = "A name for the key, shown in spend logs.")
    String alias;
    @Option(names = "--models", paramLabel = "GROUP", split = ",",
        description = "Model groups it may use, comma-separated (default: all).")
    List<String> models;
    @Option(names = "--max-budget", paramLabel = "USD", description = "Spend limit in USD.") Double maxBudget;
    @Option(names = "--budget-duration", paramLabel = "PERIOD",
        description = "Reset spend every period, e.g. 30d.") String budgetDuration;
    @Option(names = "--duration", paramLabel = "PERIOD", description = "Expire after, e.g. 30d, 1h.")
    String duration;
    @Option(names = "--rpm-limit", paramLabel = "N", description = "Requests per minute it may make.")
    Integer rpmLimit;
    @Option(names = "--max-parallel-requests", paramLabel = "N", description = "Calls it may have in flight.")
    Integer maxParallel;
    @Option(names = "--user-id", paramLabel = "ID", description = "The user it belongs to (their budget applies).")
    String userId;
    @Option(names = "--team-id", paramLabel = "ID", description = "The team it belongs to (its limits apply).")
    String teamId;

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

    @Override
    String table(JsonNode answer) {
      return Table.fields(answer, "key", "token", "key_alias", "models", "max_budget", "budget_duration",
          "expires", "rpm_limit", "max_parallel_requests", "user_id", "team_id")
          + "The key is shown once: store it now.\n";
    }

    private static void putIfSet(Map<String, Object> body, String name, Object value) {
      if (value != null) {
        body.put(name, value);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (hashes and aliases).")
  static final class ListKeys extends Call {
    @Option(names = "--user-id", paramLabel = "ID", description = "Only this user's keys.") String userId;
    @Option(names = "--team-id", paramLabel = "ID", description = "Only this team's keys.") String teamId;

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

    @Override
    String table(JsonNode answer) {
      Table table = Table.of("token", "alias", "models", "spend", "max_budget", "expires", "blocked");
      answer.path("keys").forEach(key -> table.row(key, "token", "key_alias", "models", "spend", "max_budget",
          "expires", "blocked"));
      return table.render() + answer.path("keys").size() + " key(s); models '-' means all\n";
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

    @Override
    String table(JsonNode answer) {
      return Table.fields(answer.path("info"), "token", "key_alias", "models", "spend", "max_budget",
          "budget_duration", "budget_reset_at", "expires", "rpm_limit", "max_parallel_requests", "user_id",
          "team_id", "blocked", "created_at");
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

    @Override
    String table(JsonNode answer) {
      return "deleted " + answer.path("deleted_keys").size() + " key(s)\n";
    }
  }
}
