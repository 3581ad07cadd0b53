package dev.imagegate.cli;

import dev.imagegate.ImageRequest;
import dev.imagegate.provider.Env;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code imagegate generate PROMPT --model M ...}: one generation, saved to files or printed as JSON. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Generate images from a prompt and save them (--json: print OpenAI's JSON).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate generate \"a lighthouse at dawn\" --model mock/imagegate-demo \\",
        "      --n 2 --size 512x512 --out images",
        "  OPENAI_API_KEY=sk-... imagegate generate \"a red fox\" --model dall-e-3 \\",
        "      --quality hd --style natural",
        "  imagegate generate \"a fox sticker\" --model gpt-image-1 \\",
        "      --param background=transparent --param output_compression=80",
        "  imagegate generate \"a hummingbird\" --model openai/flux-dev \\",
        "      --api-base http://localhost:8000/v1 --param seed=7",
        "  imagegate generate \"a lighthouse\" --config config.yaml --model my-group \\",
        "      --out images",
        "  imagegate generate \"a red fox\" --model gpt-image-2 --stream --partial-images 2",
        "",
        "Exit codes: 0 success, 2 usage or validation error (nothing was sent, e.g.",
        "a missing key or credentials), 3 provider or network error.",
        "Prints one line per saved file on stdout, then on stderr",
        "'cost_usd=<usd> model=<provider/model> latency_ms=<ms>' (with --config also",
        "'deployment=<id> attempts=<n> [fallbacks=<groups>]').",
        "With --stream, a line per event goes to stderr as it arrives",
        "('<type> index=<i> bytes=<n> elapsed_ms=<ms> [file=<partial>]')."})
final class GenerateCommand extends ImagesCommand {
  @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw.")
  private String prompt;

  GenerateCommand(Env env, PrintStream stdout, PrintStream stderr) {
    super(env, stdout, stderr);
  }

  @Override
  String prompt() {
    return prompt;
  }

  @Override
  ImageRequest.Builder inputs(ImageRequest.Builder builder) {
    return builder;
  }

  @Override
  String verb() {
    return "generating";
  }
}
