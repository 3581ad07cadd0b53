package dev.imagegate.provider.openai;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a plain JSON string ends: the closing quote, when everything before it is printable ASCII other than a
 * backslash (what base64 is). This scan is most of the CPU a gateway spends reading a multi-megabyte image answer, so
 * it runs on SIMD registers through the vector API when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the {@code imagegate} launcher does), and eight bytes at a time in a long
 * otherwise. {@code -Dimagegate.vector=false} forces the latter.
 */
final class PlainScan {
  /** Whether {@link #plainEnd} uses the vector API. */
  static final boolean VECTOR = vectorAvailable();

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private PlainScan() {}

  /**
   * The index of the quote closing a string whose content starts at {@code from}, when everything up to it is
   * printable ASCII other than backslash; else -1.
   */
  static int plainEnd(byte[] body, int from) {
    return VECTOR ? VectorScan.plainEnd(body, from) : swar(body, from);
  }

  /**
   * The index of the first byte in {@code bytes[from, to)} that cannot be part of a plain JSON string's content: a
   * quote, a backslash, a control character (line ends included) or a byte above 0x7F; {@code to} when there is none.
   * What a stream of base64 arriving in pieces is scanned with (one pass finds both the string's end and its line's).
   */
  static int special(byte[] bytes, int from, int to) {
    return VECTOR ? VectorScan.special(bytes, from, to) : swarSpecial(bytes, from, to);
  }

  /** {@link #special}, eight bytes per step. */
  static int swarSpecial(byte[] bytes, int from, int to) {
    int i = from;
    for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
      long special = special((long) LONGS.get(bytes, i));
      if (special != 0) {
        return i + (Long.numberOfTrailingZeros(special) >>> 3);
      }
    }
    for (; i < to; i++) {
      byte b = bytes[i];
      if (b == '"' || b == '\\' || b < 0x20) {
        return i;
      }
    }
    return to;
  }

  /** {@link #plainEnd}, eight bytes per step. */
  static int swar(byte[] body, int from) {
    int i = from;
    for (int last = body.length - Long.BYTES; i <= last; i += Long.BYTES) {
      long special = special((long) LONGS.get(body, i));
      if (special != 0) {
        i += Long.numberOfTrailingZeros(special) >>> 3;
        return body[i] == '"' ? i : -1;
      }
    }
    for (; i < body.length; i++) {
      byte b = body[i];
      if (b == '"') {
        return i;
      }
      if (b == '\\' || b < 0x20) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * A mask whose lowest set high bit marks the first byte of {@code word} (little-endian) that is a quote, a
   * backslash, below 0x20 or above 0x7F; 0 when there is none. Higher bits may be false positives; the lowest is
   * exact.
   */
  private static long special(long word) {
    long quotes = word ^ QUOTES;
    long backslashes = word ^ BACKSLASHES;
    return ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (word - SPACES) & ~word | word)
        & HIGHS;
  }

  private static boolean vectorAvailable() {
    return useVector(System.getProperty("imagegate.vector"),
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
  }

  /**
   * Whether to scan with the vector API, given {@code -Dimagegate.vector} (null when unset) and whether the module is
   * in the boot layer: only when the module is there, the setting is not {@code false}, and the machine's SIMD
   * registers are at least 128 bits wide (narrower, the API would run as plain Java).
   */
  static boolean useVector(String setting, boolean modulePresent) {
    if (!modulePresent || (setting != null && !Boolean.parseBoolean(setting))) {
      return false;
    }
    try {
      return VectorScan.worthwhile();
    } catch (LinkageError e) {
      return false;
    }
  }
}
