package dev.imagegate.provider.mock;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Draws a deterministic picture (a two-colour gradient with a few discs) and encodes it as an 8-bit RGB PNG. The
 * same seed and size always give the same bytes.
 */
final class PngPainter {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngPainter() {
  }

  static byte[] paint(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] from = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int[] to = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int discs = 3 + random.nextInt(4);
    int[][] disc = new int[discs][];
    for (int i = 0; i < discs; i++) {
      int radius = Math.max(2, random.nextInt(Math.max(3, Math.min(width, height) / 3)));
      disc[i] = new int[] {random.nextInt(width), random.nextInt(height), radius,
          random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    }
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DeflaterOutputStream out = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
      byte[] row = new byte[1 + width * 3];
      for (int y = 0; y < height; y++) {
        row[0] = 0;
        for (int x = 0; x < width; x++) {
          int[] rgb = pixel(x, y, width, height, from, to, disc);
          row[1 + x * 3] = (byte) rgb[0];
          row[2 + x * 3] = (byte) rgb[1];
          row[3 + x * 3] = (byte) rgb[2];
        }
        out.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream(idat.size() + 64);
    try {
      png.write(SIGNATURE);
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream ihdr = new DataOutputStream(header);
      ihdr.writeInt(width);
      ihdr.writeInt(height);
      ihdr.writeByte(8);
      ihdr.writeByte(2);
      ihdr.writeByte(0);
      ihdr.writeByte(0);
      ihdr.writeByte(0);
      chunk(png, "IHDR", header.toByteArray());
      chunk(png, "IDAT", idat.toByteArray());
      chunk(png, "IEND", new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  private static int[] pixel(int x, int y, int width, int height, int[] from, int[] to, int[][] discs) {
    for (int[] d : discs) {
      long dx = x - d[0];
      long dy = y - d[1];
      if (dx * dx + dy * dy <= (long) d[2] * d[2]) {
        return new int[] {d[3], d[4], d[5]};
      }
    }
    int t = (int) (((long) x * height + (long) y * width) * 255 / Math.max(1L, 2L * width * height));
    return new int[] {blend(from[0], to[0], t), blend(from[1], to[1], t), blend(from[2], to[2], t)};
  }

  private static int blend(int a, int b, int t) {
    return a + (b - a) * t / 255;
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
    DataOutputStream out = new DataOutputStream(png);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
