package dev.imagegate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class PlainScanTest {
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".getBytes();
  /** Bytes that stop a plain string (the quote ends it; the others make it not plain) and ones that do not. */
  private static final byte[] STOPS = {'"', '\\', 0x00, 0x1F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF};
  private static final byte[] PLAIN = {' ', 0x7F, '~', '!'};

  @Test
  void theVectorPathIsTheOneTestedWhenTheModuleIsPresent() {
    // surefire starts the JVM with --add-modules jdk.incubator.vector, so the SIMD path is exercised below
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(PlainScan.VECTOR).isTrue();
  }

  @Test
  void theVectorPathIsChosenOnlyWithTheModuleAndNotWhenSwitchedOff() {
    assertThat(PlainScan.useVector(null, true)).isTrue();
    assertThat(PlainScan.useVector("true", true)).isTrue();
    assertThat(PlainScan.useVector("false", true)).isFalse();
    assertThat(PlainScan.useVector(null, false)).isFalse();
    assertThat(PlainScan.useVector("true", false)).isFalse();
  }

  @Test
  void bothPathsFindTheFirstStopAtEveryOffsetAndTail() {
    check(PlainScan::swar);
    check(VectorScan::plainEnd);
    check(PlainScan::plainEnd);
  }

  @Test
  void aStringWithoutClosingQuoteHasNoPlainEnd() {
    byte[] body = base64(5000, new Random(7));
    assertThat(PlainScan.swar(body, 0)).isEqualTo(-1);
    assertThat(VectorScan.plainEnd(body, 0)).isEqualTo(-1);
    assertThat(VectorScan.plainEnd(body, 4999)).isEqualTo(-1);
    assertThat(VectorScan.plainEnd(body, 5000)).isEqualTo(-1);
  }

  private static void check(BiFunction<byte[], Integer, Integer> scan) {
    Random random = new Random(42);
    for (int length = 1; length <= 200; length++) {
      for (int at = 0; at < length; at++) {
        for (byte stop : STOPS) {
          byte[] body = base64(length, random);
          body[at] = stop;
          for (int from = 0; from <= Math.min(at, 3); from++) {
            assertThat(scan.apply(body, from)).as("length %d, 0x%02x at %d, from %d", length, stop, at, from)
                .isEqualTo(reference(body, from));
          }
        }
      }
      byte[] body = base64(length, random);
      body[random.nextInt(length)] = PLAIN[random.nextInt(PLAIN.length)];
      body[length - 1] = '"';
      assertThat(scan.apply(body, 0)).as("length %d, plain to the end", length).isEqualTo(length - 1);
    }
  }

  private static int reference(byte[] body, int from) {
    for (int i = from; i < body.length; i++) {
      int b = body[i] & 0xFF;
      if (b == '"') {
        return i;
      }
      if (b == '\\' || b < 0x20 || b > 0x7F) {
        return -1;
      }
    }
    return -1;
  }

  private static byte[] base64(int length, Random random) {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = BASE64[random.nextInt(BASE64.length)];
    }
    return body;
  }
}
