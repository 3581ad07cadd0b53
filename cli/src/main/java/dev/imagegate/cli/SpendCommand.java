package dev.imagegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagegate spend [--by key|model|end-user] [--since DATE]}: spend on a running gateway. */
@Command(name = "spend", mixinStandardHelpOptions = true,
    description = "Show spend from a running gateway: the total, or grouped by key, model group or end user.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate spend",
        "  imagegate spend --by model --since 2026-11-01",
        "  imagegate spend --by end-user --since 2026-11-24 --until 2026-11-25",
        "  imagegate spend --by key --json"})
final class SpendCommand extends KeysCommand.Call {
  enum By { key, model, end_user }

  @Option(names = "--by", paramLabel = "WHAT", converter = ByConverter.class,
      description = "key, model or end-user (default: the total).")
  By by;

  @Option(names = "--since", paramLabel = "DATE", description = "From this day (YYYY-MM-DD, UTC) or ISO instant.")
  String since;

  @Option(names = "--until", paramLabel = "DATE", description = "Up to and including this day, or an ISO instant.")
  String until;

  SpendCommand(Env env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  JsonNode run(GatewayClient client) throws GatewayClient.Failure {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("start_date", since);
    query.put("end_date", until);
    String path = by == null ? "/global/spend" : switch (by) {
      case key -> "/global/spend/keys";
      case model -> "/global/spend/models";
      case end_user -> "/global/spend/end_users";
    };
    return client.get(path, query);
  }

  @Override
  String table(JsonNode answer) {
    if (by == null) {
      return "total_spend_usd " + Table.cell(answer.path("spend")) + "\n";
    }
    Table table = switch (by) {
      case key -> Table.of("api_key", "key_alias", "total_spend_usd");
      case model -> Table.of("model", "total_spend_usd");
      case end_user -> Table.of("end_user", "total_spend_usd", "calls");
    };
    for (JsonNode row : answer) {
      switch (by) {
        case key -> table.row(row, "api_key", "key_alias", "total_spend");
        case model -> table.row(row, "model", "total_spend");
        case end_user -> table.row(row, "end_user", "total_spend", "total_count");
      }
    }
    return table.render();
  }

  /** Accepts {@code end-user} as well as {@code end_user}. */
  static final class ByConverter implements picocli.CommandLine.ITypeConverter<By> {
    @Override
    public By convert(String value) {
      return By.valueOf(value.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_'));
    }
  }
}
