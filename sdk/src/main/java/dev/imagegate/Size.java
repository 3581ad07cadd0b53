package dev.imagegate;

import dev.imagegate.error.BadRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image size as callers write it: pixels ({@code 1024x1024}, also {@code 1024*1024}), an aspect ratio
 * ({@code 16:9}), or {@code auto}. Providers map it to their own shape (Imagen aspect ratios, Bedrock width/height).
 */
public sealed interface Size {
  Pattern PIXELS = Pattern.compile("(\\d{1,5})\\s*[x*X]\\s*(\\d{1,5})");
  Pattern RATIO = Pattern.compile("(\\d{1,3}):(\\d{1,3})");

  /** The spelling OpenAI uses: {@code 1024x1024}, {@code 16:9} or {@code auto}. */
  String wire();

  record Pixels(int width, int height) implements Size {
    public Pixels {
      if (width < 1 || height < 1) {
        throw new BadRequest("Invalid size " + width + "x" + height + ": width and height must be positive",
            "size");
      }
    }

    @Override
    public String wire() {
      return width + "x" + height;
    }

    /** The ratio reduced to lowest terms, e.g. 1792x1024 gives 7:4. */
    public Ratio ratio() {
      int gcd = gcd(width, height);
      return new Ratio(width / gcd, height / gcd);
    }

    private static int gcd(int a, int b) {
      return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public String toString() {
      return wire();
    }
  }

  record Ratio(int width, int height) implements Size {
    public Ratio {
      if (width < 1 || height < 1) {
        throw new BadRequest("Invalid aspect ratio " + width + ":" + height, "size");
      }
    }

    @Override
    public String wire() {
      return width + ":" + height;
    }

    @Override
    public String toString() {
      return wire();
    }
  }

  record Auto() implements Size {
    @Override
    public String wire() {
      return "auto";
    }

    @Override
    public String toString() {
      return wire();
    }
  }

  Size AUTO = new Auto();

  /** Parses a size; a value that is none of the three shapes is a {@link BadRequest} naming {@code size}. */
  static Size parse(String value) {
    if (value == null) {
      throw new BadRequest("size must not be null", "size");
    }
    String trimmed = value.trim();
    if (trimmed.equalsIgnoreCase("auto")) {
      return AUTO;
    }
    Matcher pixels = PIXELS.matcher(trimmed);
    if (pixels.matches()) {
      return new Pixels(Integer.parseInt(pixels.group(1)), Integer.parseInt(pixels.group(2)));
    }
    Matcher ratio = RATIO.matcher(trimmed);
    if (ratio.matches()) {
      return new Ratio(Integer.parseInt(ratio.group(1)), Integer.parseInt(ratio.group(2)));
    }
    throw new BadRequest("Invalid size '" + value + "': expected WIDTHxHEIGHT (e.g. 1024x1024), "
        + "an aspect ratio (e.g. 16:9) or auto", "size");
  }
}
