package dev.imagegate.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes gathered in blocks (the first small, the rest 64 KB) and assembled into one exact array at the end: a
 * megabytes-long value costs no growing-and-copying and no array larger than itself (with G1's regions a doubled
 * buffer of 2 MB would be a humongous object). When the length is about known beforehand (the images of one stream
 * are of one size), the first block is that long and a value that fits it is taken without a copy. Not thread-safe.
 */
public final class ByteBlocks {
  private static final int FIRST_BLOCK = 1024;
  private static final int BLOCK = 64 << 10;

  /** Where {@link #take(Slice)} puts the bytes: the array and how much of it holds them. */
  @FunctionalInterface
  public interface Slice<T> {
    T of(byte[] bytes, int length);
  }

  private final List<byte[]> full = new ArrayList<>();
  private final int firstBlock;
  private byte[] block;
  private int blockLength;
  private int length;

  public ByteBlocks() {
    this(FIRST_BLOCK);
  }

  /** @param expected about how many bytes will come (the first block's length; 0 or less: no guess) */
  public ByteBlocks(int expected) {
    this.firstBlock = expected > 0 ? expected : FIRST_BLOCK;
  }

  public void add(byte[] from, int offset, int count) {
    while (count > 0) {
      if (block == null || blockLength == block.length) {
        if (block != null) {
          full.add(block);
        }
        block = new byte[block == null ? firstBlock : BLOCK];
        blockLength = 0;
      }
      int n = Math.min(count, block.length - blockLength);
      System.arraycopy(from, offset, block, blockLength, n);
      blockLength += n;
      length += n;
      offset += n;
      count -= n;
    }
  }

  public int length() {
    return length;
  }

  /**
   * The bytes gathered as a slice: the first block itself when they all fit in it (no copy), else one array of their
   * length; empties this.
   */
  public <T> T take(Slice<T> into) {
    if (full.isEmpty() && block != null) {
      byte[] only = block;
      int n = blockLength;
      clear();
      return into.of(only, n);
    }
    byte[] whole = take();
    return into.of(whole, whole.length);
  }

  /** The bytes gathered, in one array of their length; empties this. */
  public byte[] take() {
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] one : full) {
      System.arraycopy(one, 0, out, at, one.length);
      at += one.length;
    }
    if (block != null) {
      System.arraycopy(block, 0, out, at, blockLength);
    }
    clear();
    return out;
  }

  public void clear() {
    full.clear();
    block = null;
    blockLength = 0;
    length = 0;
  }
}
