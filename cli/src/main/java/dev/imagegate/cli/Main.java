package dev.imagegate.cli;

import dev.imagegate.provider.Env;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code imagegate} command: generate images from the terminal, serve the gateway, check a config. */
@Command(name = "imagegate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "One OpenAI-shaped image generation call for every provider.",
    subcommands = {GenerateCommand.class, EditCommand.class, VaryCommand.class, ServeCommand.class, CheckCommand.class, ModelsCommand.class,
        KeysCommand.class,
        SpendCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate generate \"a lighthouse at dawn\" --model mock/imagegate-demo --out images",
        "  imagegate generate \"a red fox sticker\" --model gpt-image-1 --quality high \\",
        "      --param background=transparent",
        "  imagegate generate \"a city at night\" --model dall-e-3 --size 1792x1024 \\",
        "      --json > response.json",
        "  imagegate serve --config config.yaml --port 4000",
        "  imagegate check --config config.yaml",
        "  imagegate keys create --alias team-a --max-budget 25",
        "  imagegate spend --by model --since 2026-11-01",
        "  imagegate generate \"a lighthouse\" --config config.yaml --model my-group \\",
        "      --out images",
        "",
        "Exit codes: 0 success, 2 usage or validation error, 3 provider or network error."})
public final class Main {
  /** Exit code for bad usage or a request that failed validation before any provider was called. */
  public static final int USAGE = 2;
  /** Exit code for a provider or network failure. */
  public static final int UPSTREAM = 3;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args, Env.system(), System.out, System.err));
  }

  /** Runs the command line with the given environment and streams; returns the exit code. */
  public static int run(String[] args, Env env, PrintStream out, PrintStream err) {
    return commandLine(env, out, err).execute(args);
  }

  /** The configured command line (every subcommand, the error handling), not yet run. */
  static CommandLine commandLine(Env env, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new Main(), new Factory(env, out, err));
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    commandLine.setExitCodeExceptionMapper(e -> USAGE);
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter writer = e.getCommandLine().getErr();
      writer.println("error: " + e.getMessage());
      Suggestions.print(e, writer);
      writer.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return USAGE;
    });
    return commandLine;
  }

  /** Gives commands the environment they run in. */
  private record Factory(Env env, PrintStream out, PrintStream err) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == GenerateCommand.class) {
        return type.cast(new GenerateCommand(env, out, err));
      }
      if (type == EditCommand.class) {
        return type.cast(new EditCommand(env, out, err));
      }
      if (type == VaryCommand.class) {
        return type.cast(new VaryCommand(env, out, err));
      }
      if (type == ServeCommand.class) {
        return type.cast(new ServeCommand(env, out, err));
      }
      if (KeysCommand.Call.class.isAssignableFrom(type)) {
        return type.getDeclaredConstructor(Env.class, PrintStream.class, PrintStream.class).newInstance(env, out, err);
      }
      if (type == CheckCommand.class) {
        return type.cast(new CheckCommand(env, out, err));
      }
      if (type == ModelsCommand.class) {
        return type.cast(new ModelsCommand(env, out, err, java.time.Clock.systemUTC()));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"imagegate " + (version == null ? "0.1.0" : version)};
    }
  }
}
