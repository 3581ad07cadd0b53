package dev.imagegate.cli;

import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.provider.Env;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagegate edit PROMPT --image a.png [--image b.png ...] [--mask m.png] --model M}: one edit, saved. */
@Command(name = "edit", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Edit images with a prompt, optionally under a mask, and save the results.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate edit \"add a red hat\" --image cat.png \\",
        "      --model mock/imagegate-demo --out edits",
        "  OPENAI_API_KEY=sk-... imagegate edit \"a gift basket\" --model gpt-image-1 \\",
        "      --image lotion.png --image soap.png --param input_fidelity=high",
        "  imagegate edit \"a pool\" --image house.png --mask mask.png \\",
        "      --config config.yaml --model my-group",
        "",
        "Images are sent as they are (PNG, JPEG or WEBP by their content); the",
        "mask (a PNG with alpha for OpenAI models) applies to the first image.",
        "Exit codes: 0 success, 2 usage or validation error (nothing was sent, e.g.",
        "an unreadable image, a model that cannot edit), 3 provider or network error."})
final class EditCommand extends ImagesCommand {
  @Parameters(index = "0", paramLabel = "PROMPT", description = "What to change.")
  private String prompt;

  @Option(names = "--image", paramLabel = "FILE", required = true,
      description = "An image to edit (repeatable, in order; the mask applies to the first).")
  private List<Path> images = new ArrayList<>();

  @Option(names = "--mask", paramLabel = "FILE", description = "Mask: its fully transparent pixels mark where to edit.")
  private Path mask;

  EditCommand(Env env, PrintStream stdout, PrintStream stderr) {
    super(env, stdout, stderr);
  }

  @Override
  String prompt() {
    return prompt;
  }

  @Override
  ImageRequest.Builder inputs(ImageRequest.Builder builder) {
    builder.operation(Operation.EDIT).images(images.stream().map(InputImage::of).toList());
    return mask == null ? builder : builder.mask(InputImage.of(mask));
  }

  @Override
  String verb() {
    return "editing";
  }
}
