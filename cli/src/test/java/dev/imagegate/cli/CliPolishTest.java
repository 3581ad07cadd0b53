package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.testing.MockServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a new user meets first: LiteLLM's serve flags, suggestions for typos, help that fits 80 columns, exit codes. */
class CliPolishTest {
  @TempDir
  Path dir;
  private final CliRun cli = new CliRun();

  private Path configWithUnreachableDatabase() throws Exception {
    Path config = dir.resolve("config.yaml");
    String url = MockServers.closedPortUrl("").replace("http://", "postgresql://bob:s3cret-pw@") + "/db";
    Files.writeString(config, """
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
        general_settings:
          database_url: %s
        """.formatted(url));
    return config;
  }

  @Test
  void serveTakesLiteLlmFlagsAndAnUnreachableDatabaseIsOneLineAndExit2() throws Exception {
    Path config = configWithUnreachableDatabase();
    int code = cli.run(Map.of(), "serve", "--config", config.toString(), "--port", "0", "--host", "127.0.0.1",
        "--num_workers", "4");
    assertThat(code).isEqualTo(2);
    List<String> lines = cli.stderr().lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("note: --num_workers 4 is ignored"));
    assertThat(lines).filteredOn(l -> l.startsWith("error:")).singleElement().asString()
        .contains("cannot connect to the database").contains("as bob (password set)").contains("refused");
    assertThat(cli.stderr()).doesNotContain("s3cret-pw").doesNotContain("\tat ");

    cli.reset();
    assertThat(cli.run(Map.of(), "serve", "--config", config.toString(), "--port", "0", "--detailed_debug"))
        .isEqualTo(2);
    assertThat(cli.stderr()).contains("\tat ").doesNotContain("s3cret-pw");
  }

  @Test
  void misspeltOptionsAndSubcommandsGetSuggestions() {
    assertThat(cli.run(Map.of(), "serv")).isEqualTo(2);
    assertThat(cli.stderr()).contains("Did you mean: imagegate serve");
    cli.reset();
    assertThat(cli.run(Map.of(), "serve", "--prot", "4000")).isEqualTo(2);
    assertThat(cli.stderr()).contains("Did you mean: --port?");
    cli.reset();
    assertThat(cli.run(Map.of(), "generate", "x", "--modle", "mock/imagegate-demo")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--model");
    cli.reset();
    assertThat(cli.run(Map.of(), "keys", "lst")).isEqualTo(2);
    assertThat(cli.stderr()).contains("list");
  }

  @Test
  void everyHelpFitsEightyColumnsAndEveryOptionIsDescribed() {
    java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    CommandLine root = Main.commandLine(dev.imagegate.provider.Env.of(Map.of()), sink, sink);
    for (CommandLine command : all(root)) {
      String help = command.getUsageMessage(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
      String name = command.getCommandSpec().qualifiedName();
      assertThat(help.lines()).as(name).allMatch(line -> line.length() <= 80, "fits 80 columns");
      assertThat(help.lines()).as(name + ": no continuation line starts at column 0 with an option or a URL part")
          .noneMatch(line -> line.startsWith("--") || line.startsWith("//") || line.startsWith(">"));
      command.getCommandSpec().options().forEach(option -> assertThat(String.join(" ", option.description()))
          .as(name + " " + option.longestName()).isNotBlank().isNotEqualTo(option.longestName().replace("--", "")));
    }
  }

  private static List<CommandLine> all(CommandLine command) {
    List<CommandLine> out = new java.util.ArrayList<>(List.of(command));
    command.getSubcommands().values().forEach(sub -> out.addAll(all(sub)));
    return out;
  }

  @Test
  void errorsNameTheCommandLinesOwnOptions() {
    assertThat(cli.run(Map.of(), "generate", "x", "--model", "gpt-image-2", "--out", dir.toString())).isEqualTo(2);
    assertThat(cli.stderr()).contains("set OPENAI_API_KEY or pass --api-key").doesNotContain("apiKey (api_key)");
  }
}
