package dev.imagegate.cli;

import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.provider.Env;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagegate vary --image a.png --model M}: variations of one image, saved. */
@Command(name = "vary", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Make variations of an image and save them.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  imagegate vary --image cat.png --model mock/imagegate-demo --n 2",
        "  imagegate vary --image cat.png --config config.yaml --model my-group",
        "",
        "Files are named after the image: cat-variation.png, cat-variation-2.png, ...",
        "Exit codes: 0 success, 2 usage or validation error (nothing was sent, e.g.",
        "an unreadable image, a model that cannot vary), 3 provider or network",
        "error."})
final class VaryCommand extends ImagesCommand {
  @Option(names = "--image", paramLabel = "FILE", required = true, description = "The image to vary.")
  private Path image;

  VaryCommand(Env env, PrintStream stdout, PrintStream stderr) {
    super(env, stdout, stderr);
  }

  @Override
  String prompt() {
    return null;
  }

  @Override
  ImageRequest.Builder inputs(ImageRequest.Builder builder) {
    return builder.operation(Operation.VARIATION).image(InputImage.of(image));
  }

  @Override
  String verb() {
    return "varying";
  }

  @Override
  boolean streams() {
    return false;
  }

  @Override
  String fileBase() {
    String name = image.getFileName() == null ? "image" : image.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return FileNames.slug((dot > 0 ? name.substring(0, dot) : name) + " variation");
  }
}
