package dev.imagegate.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes gathered in blocks (the first small, the rest 64 KB) and assembled into one exact array at the end: a
 * megabytes-long value costs no growing-and-copying and no array larger than itself (with G1's regions a doubled
 * buffer of 2 MB would be a humongous object). Not thread-safe.
 */
public final class ByteBlocks {
  private static final int FIRST_BLOCK = 1024;
  private static final int BLOCK = 64 << 10;

  private final List<byte[]> full = new ArrayList<>();
  private byte[] block;
  private int blockLength;
  private int length;

  public void add(byte[] from, int offset, int count) {
    while (count > 0) {
      if (block == null || blockLength == block.length) {
        if (block != null) {
          full.add(block);
        }
        block = new byte[block == null ? FIRST_BLOCK : BLOCK];
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
