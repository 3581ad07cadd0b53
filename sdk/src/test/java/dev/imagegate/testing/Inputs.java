package dev.imagegate.testing;

import dev.imagegate.InputImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Input images for edit and variation tests: real PNGs (with and without alpha), JPEGs, a WebP header. */
public final class Inputs {
  private Inputs() {
  }

  /** A PNG with an alpha channel (colour type 6). */
  public static byte[] pngAlpha(int width, int height) {
    return write(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png");
  }

  /** A PNG without alpha (colour type 2). */
  public static byte[] pngOpaque(int width, int height) {
    return write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png");
  }

  public static byte[] jpeg(int width, int height) {
    return write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpg");
  }

  /** The first bytes of an extended WebP (VP8X) of the given size: enough for format and size sniffing. */
  public static byte[] webp(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(22).put("WEBP".getBytes()).put("VP8X".getBytes()).putInt(10);
    b.put((byte) 0x10).put(new byte[3]);
    b.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
    b.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
    return b.array();
  }

  public static InputImage image(byte[] bytes, String name) {
    return InputImage.of(bytes, name);
  }

  /** {@code bytes} spooled to a temporary file, as the gateway spools large uploads. */
  public static InputImage spooled(byte[] bytes, String name) {
    try {
      Path file = Files.createTempFile("imagegate-test-", ".upload");
      file.toFile().deleteOnExit();
      Files.write(file, bytes);
      return InputImage.of(file, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] write(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
