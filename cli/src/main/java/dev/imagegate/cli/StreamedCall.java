package dev.imagegate.cli;

import dev.imagegate.ImageEvent;
import dev.imagegate.ImageFormat;
import dev.imagegate.ImageResponse;
import dev.imagegate.ImageStream;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --stream}: reads one streamed call's events as they arrive, prints one line per event on stderr (its type,
 * index, bytes and the milliseconds since the call started) and saves each partial image as
 * {@code <name>.partial-<N>.<ext>} beside where the final image goes. Returns the finished response, which the
 * command saves as it saves a blocking call's. One call per instance; used on one thread.
 */
final class StreamedCall {
  private final PrintStream stderr;
  private final Path out;
  private final String base;
  private final int partialImages;
  private final long started = System.nanoTime();
  private String stem;

  /**
   * @param out where partial images are saved, or null to save none ({@code --json})
   * @param base the saved files' base name (from the prompt)
   * @param partialImages how many partial images were asked for (only for the note when none can come)
   */
  StreamedCall(PrintStream stderr, Path out, String base, int partialImages) {
    this.stderr = stderr;
    this.out = out;
    this.base = base;
    this.partialImages = partialImages;
  }

  /**
   * Why {@code --stream} and {@code --partial-images} cannot be used as given, if they cannot.
   *
   * @param stream whether {@code --stream} was given
   * @param partialImages {@code --partial-images}, or null
   * @param streamable whether the command's operation streams (vary does not)
   */
  static Optional<String> refusal(boolean stream, Integer partialImages, boolean streamable) {
    if (stream && !streamable) {
      return Optional.of("--stream is not available for vary: variations do not stream (OpenAI streams generations"
          + " and edits only); run without --stream");
    }
    if (partialImages != null && !stream) {
      return Optional.of("--partial-images needs --stream");
    }
    if (partialImages != null && (partialImages < 0 || partialImages > 3)) {
      return Optional.of("--partial-images must be 0 to 3, got " + partialImages);
    }
    return Optional.empty();
  }

  /**
   * Reads {@code events} to the end. Closing it early (a file that cannot be written) cancels the call upstream.
   *
   * @throws dev.imagegate.error.ImageGateException the call's failure, after the events before it were shown
   * @throws IOException when a partial image cannot be written
   */
  ImageResponse read(ImageStream events) throws IOException {
    try (events) {
      for (ImageEvent event : events) {
        switch (event) {
          case ImageEvent.PartialImage partial -> partial(partial);
          case ImageEvent.CompletedImage completed -> completed(completed);
          case ImageEvent.Finished finished -> {
            return finished.response();
          }
        }
      }
    }
    throw new Internal("The stream ended without its finished event", ImageGateException.Details.NONE, null);
  }

  /**
   * The base name for the final file(s): the prompt's, or, when partials were saved and the prompt's name was taken,
   * the free name the partials were saved under ({@code fox-2} for {@code fox-2.partial-0.png}).
   */
  String stem() {
    return stem == null ? base : stem;
  }

  private void partial(ImageEvent.PartialImage partial) throws IOException {
    byte[] bytes = partial.bytes();
    String saved = "";
    if (out != null) {
      String extension = ImageFormat.sniff(bytes).extension();
      Files.createDirectories(out);
      if (stem == null) {
        String free = FileNames.unused(out, base, extension).getFileName().toString();
        stem = free.substring(0, free.length() - extension.length() - 1);
      }
      Path file = FileNames.unused(out, stem + ".partial-" + partial.partialImageIndex(), extension);
      Files.write(file, bytes);
      saved = " file=" + file;
    }
    line(partial.type(), partial.partialImageIndex(), bytes.length, saved);
  }

  private void completed(ImageEvent.CompletedImage completed) {
    line(completed.type(), completed.index(), completed.image().bytes().length, "");
    if (!completed.streamedUpstream() && partialImages > 0 && completed.index() == 0) {
      stderr.println("note: this model cannot stream: its images came whole, without partial images");
    }
  }

  private void line(String type, int index, int bytes, String saved) {
    long elapsed = (System.nanoTime() - started) / 1_000_000;
    stderr.println(type + " index=" + index + " bytes=" + bytes + " elapsed_ms=" + elapsed + saved);
  }
}
