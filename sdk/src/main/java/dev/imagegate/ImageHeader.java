package dev.imagegate;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * What an image's header says: its pixel size and, for PNG, whether it has transparency (an alpha channel, or a
 * {@code tRNS} chunk). Read from PNG {@code IHDR}, the JPEG start-of-frame marker and the WebP {@code VP8}/{@code VP8L}/
 * {@code VP8X} chunk; width and height are 0 when the header could not be read.
 */
public record ImageHeader(int width, int height, boolean alpha) {
  private static final int JPEG_SCAN_LIMIT = 4 * 1024 * 1024;

  public boolean known() {
    return width > 0 && height > 0;
  }

  /** Reads the header of an image of {@code format} from the start of {@code in}. */
  static ImageHeader read(ImageFormat format, InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      return switch (format) {
        case PNG -> png(data);
        case JPEG -> jpeg(data);
        case WEBP -> webp(data);
        default -> new ImageHeader(0, 0, false);
      };
    } catch (EOFException e) {
      return new ImageHeader(0, 0, false);
    }
  }

  /** IHDR gives size and colour type (4 and 6 carry alpha); a tRNS chunk before IDAT adds transparency. */
  private static ImageHeader png(DataInputStream in) throws IOException {
    in.skipNBytes(8 + 4 + 4);
    int width = in.readInt();
    int height = in.readInt();
    in.skipNBytes(1);
    int colourType = in.readUnsignedByte();
    in.skipNBytes(3 + 4);
    boolean alpha = colourType == 4 || colourType == 6;
    while (!alpha) {
      long length = in.readInt() & 0xFFFFFFFFL;
      byte[] type = in.readNBytes(4);
      String name = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
      if (name.equals("tRNS")) {
        alpha = true;
      } else if (name.equals("IDAT") || name.equals("IEND")) {
        break;
      }
      in.skipNBytes(length + 4);
    }
    return new ImageHeader(width, height, alpha);
  }

  private static ImageHeader jpeg(DataInputStream in) throws IOException {
    in.skipNBytes(2);
    long read = 2;
    while (read < JPEG_SCAN_LIMIT) {
      int marker = in.readUnsignedByte();
      if (marker != 0xFF) {
        return new ImageHeader(0, 0, false);
      }
      int code = in.readUnsignedByte();
      while (code == 0xFF) {
        code = in.readUnsignedByte();
      }
      if (code == 0xD8 || (code >= 0xD0 && code <= 0xD7) || code == 0x01) {
        read += 2;
        continue;
      }
      int length = in.readUnsignedShort();
      boolean frame = code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
      if (frame) {
        in.skipNBytes(1);
        int height = in.readUnsignedShort();
        int width = in.readUnsignedShort();
        return new ImageHeader(width, height, false);
      }
      in.skipNBytes(length - 2);
      read += 2 + length;
    }
    return new ImageHeader(0, 0, false);
  }

  private static ImageHeader webp(DataInputStream in) throws IOException {
    in.skipNBytes(12);
    byte[] chunk = in.readNBytes(4);
    String kind = new String(chunk, java.nio.charset.StandardCharsets.US_ASCII);
    in.skipNBytes(4);
    byte[] b = in.readNBytes(10);
    if (b.length < 10) {
      return new ImageHeader(0, 0, false);
    }
    return switch (kind) {
      case "VP8 " -> new ImageHeader(le16(b, 6) & 0x3FFF, le16(b, 8) & 0x3FFF, false);
      case "VP8L" -> {
        int bits = (b[1] & 0xFF) | (b[2] & 0xFF) << 8 | (b[3] & 0xFF) << 16 | (b[4] & 0xFF) << 24;
        yield new ImageHeader((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, (bits >> 28 & 1) == 1);
      }
      case "VP8X" -> new ImageHeader(le24(b, 4) + 1, le24(b, 7) + 1, (b[0] & 0x10) != 0);
      default -> new ImageHeader(0, 0, false);
    };
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int le24(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
  }
}
