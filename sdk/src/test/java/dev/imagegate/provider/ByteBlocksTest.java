package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Gathering in blocks: bytes come out whole and in order; a value that fits its guessed first block is not copied. */
class ByteBlocksTest {
  record Taken(byte[] bytes, int length) {
    byte[] value() {
      return Arrays.copyOf(bytes, length);
    }
  }

  static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  static ByteBlocks gathered(ByteBlocks blocks, byte[] value, int piece) {
    for (int at = 0; at < value.length; at += piece) {
      blocks.add(value, at, Math.min(piece, value.length - at));
    }
    return blocks;
  }

  @Test
  void everyLengthAroundTheBlockEdgesComesOutWholeWithOrWithoutAGuess() {
    for (int length : new int[] {1, 1023, 1024, 1025, 65_536 + 1024, 200_000}) {
      byte[] value = random(length);
      for (int guess : new int[] {0, length - 1, length, length + 100}) {
        for (int piece : new int[] {1, 7, 4096, 70_000}) {
          if (piece == 1 && length > 70_000) {
            continue;
          }
          Taken taken = gathered(new ByteBlocks(guess), value, piece).take(Taken::new);
          assertThat(taken.value()).as("length %d, guess %d, piece %d", length, guess, piece).isEqualTo(value);
          assertThat(gathered(new ByteBlocks(guess), value, piece).take()).isEqualTo(value);
        }
      }
    }
  }

  @Test
  void aValueThatFitsTheGuessIsTakenWithoutACopyAndOneThatDoesNotIsAssembledExactly() {
    byte[] value = random(150_000);
    Taken fits = gathered(new ByteBlocks(160_000), value, 65_536).take(Taken::new);
    assertThat(fits.bytes()).hasSize(160_000);
    assertThat(fits.length()).isEqualTo(150_000);
    assertThat(fits.value()).isEqualTo(value);

    Taken over = gathered(new ByteBlocks(100_000), value, 65_536).take(Taken::new);
    assertThat(over.bytes()).hasSize(150_000);
    assertThat(over.value()).isEqualTo(value);
  }

  @Test
  void takingEmptiesTheBlocksForTheNextValue() {
    ByteBlocks blocks = gathered(new ByteBlocks(10), random(30), 30);
    blocks.take(Taken::new);
    assertThat(blocks.length()).isZero();
    byte[] next = random(5);
    assertThat(gathered(blocks, next, 5).take(Taken::new).value()).isEqualTo(next);
  }
}
