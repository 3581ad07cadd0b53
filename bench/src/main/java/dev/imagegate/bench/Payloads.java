package dev.imagegate.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The upstream answers the benchmark moves: OpenAI images responses, one small ({@code url}) and one large (a real
 * PNG of seeded noise, so it does not compress, as {@code b64_json} of about 1.5 MB). Deterministic: the same bytes
 * on every run.
 */
public final class Payloads {
  /** 750 x 500 RGB noise encodes to about 1.13 MB of PNG, about 1.5 MB of base64. */
  private static final int WIDTH = 750;
  private static final int HEIGHT = 500;

  private Payloads() {
  }

  public static byte[] small() {
    return ("{\"created\":1764115200,\"data\":[{\"url\":\"https://images.example.invalid/bench/"
        + "c0ffee-0001.png\",\"revised_prompt\":\"a lighthouse at dusk, oil painting\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] large() {
    String base64 = Base64.getEncoder().encodeToString(png());
    return ("{\"created\":1764115200,\"data\":[{\"b64_json\":\"" + base64 + "\"}],\"background\":\"opaque\","
        + "\"output_format\":\"png\",\"quality\":\"high\",\"size\":\"1024x1024\",\"usage\":{\"input_tokens\":12,"
        + "\"input_tokens_details\":{\"text_tokens\":12,\"image_tokens\":0},\"output_tokens\":4160,"
        + "\"total_tokens\":4172}}").getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] png() {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(20261126L);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(WIDTH * HEIGHT * 3 + 4096);
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
