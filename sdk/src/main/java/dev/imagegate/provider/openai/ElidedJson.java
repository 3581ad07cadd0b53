package dev.imagegate.provider.openai;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON body with the content of its long plain strings cut out, so a tokenizer reads a few hundred bytes instead of
 * scanning megabytes of base64 byte by byte. One pass finds the strings ({@link PlainScan}: SIMD registers when the
 * vector API is there, else eight bytes at a time); a string is cut when it is at least {@link #MIN_LENGTH} bytes of
 * printable ASCII without escapes (what base64 is), so the cut content is valid JSON string content as it stands and
 * can be written back byte for byte. Anything else (short strings, escapes, control characters, non-ASCII) is left
 * for the tokenizer to read and judge.
 */
final class ElidedJson {
  static final int MIN_LENGTH = 1024;

  private final byte[] body;
  private final byte[] compact;
  /** Per cut string: where its opening quote is in {@link #compact}, and where its content starts and ends in body. */
  private final int[] quoteAt;
  private final int[] start;
  private final int[] end;

  private ElidedJson(byte[] body, byte[] compact, int[] quoteAt, int[] start, int[] end) {
    this.body = body;
    this.compact = compact;
    this.quoteAt = quoteAt;
    this.start = start;
    this.end = end;
  }

  static ElidedJson of(byte[] body) {
    int[] spans = new int[8];
    int cuts = 0;
    int i = 0;
    while (i < body.length) {
      if (body[i++] != '"') {
        continue;
      }
      int open = i;
      int close = PlainScan.plainEnd(body, open);
      boolean plain = close >= 0;
      if (!plain) {
        close = anyEnd(body, open);
      }
      if (close < 0) {
        break;
      }
      if (plain && close - open >= MIN_LENGTH) {
        if (cuts * 2 == spans.length) {
          spans = Arrays.copyOf(spans, spans.length * 2);
        }
        spans[cuts * 2] = open;
        spans[cuts * 2 + 1] = close;
        cuts++;
      }
      i = close + 1;
    }
    return cuts == 0 ? new ElidedJson(body, body, new int[0], new int[0], new int[0]) : cut(body, spans, cuts);
  }

  /** The bytes to tokenize. */
  byte[] compact() {
    return compact;
  }

  /**
   * The {offset, length} in the body of the cut string whose opening quote is at {@code quote} in {@link #compact()},
   * or null when that string was not cut.
   */
  int[] cutAt(long quote) {
    int index = Arrays.binarySearch(quoteAt, (int) quote);
    return index < 0 ? null : new int[] {start[index], end[index] - start[index]};
  }

  /** The body offset of {@code offset} in {@link #compact()} (outside any cut string). */
  long bodyOffset(long offset) {
    long shift = 0;
    for (int k = 0; k < quoteAt.length && quoteAt[k] < offset; k++) {
      shift += end[k] - start[k];
    }
    return offset + shift;
  }

  /**
   * Where the content of the string whose opening quote is at {@code quote} in {@link #compact()} lies in the body,
   * {offset, length, 1 when it has escapes else 0}, found without decoding it: the cut span, or a scan to the closing
   * quote of a string left in place. Null when {@code quote} is not a string's opening quote.
   *
   * @throws IOException when the string is not terminated
   */
  int[] slice(long quote) throws java.io.IOException {
    int[] cut = cutAt(quote);
    if (cut != null) {
      return new int[] {cut[0], cut[1], 0};
    }
    long at = quote < 0 ? quote : bodyOffset(quote);
    if (at < 0 || at >= body.length || body[(int) at] != '"') {
      return null;
    }
    int start = (int) at + 1;
    int escaped = 0;
    for (int i = start; i < body.length; i++) {
      byte b = body[i];
      if (b == '\\') {
        escaped = 1;
        i++;
      } else if (b == '"') {
        return new int[] {start, i - start, escaped};
      }
    }
    throw new java.io.IOException("unterminated string in the JSON");
  }

  /** The text of a cut string (printable ASCII, no escapes: the bytes are the characters). */
  String text(int[] cut) {
    return new String(body, cut[0], cut[1], StandardCharsets.US_ASCII);
  }

  private static ElidedJson cut(byte[] body, int[] spans, int cuts) {
    int removed = 0;
    for (int k = 0; k < cuts; k++) {
      removed += spans[k * 2 + 1] - spans[k * 2];
    }
    byte[] compact = new byte[body.length - removed];
    int[] quoteAt = new int[cuts];
    int[] start = new int[cuts];
    int[] end = new int[cuts];
    int from = 0;
    int to = 0;
    for (int k = 0; k < cuts; k++) {
      start[k] = spans[k * 2];
      end[k] = spans[k * 2 + 1];
      System.arraycopy(body, from, compact, to, start[k] - from);
      to += start[k] - from;
      quoteAt[k] = to - 1;
      from = end[k];
    }
    System.arraycopy(body, from, compact, to, body.length - from);
    return new ElidedJson(body, compact, quoteAt, start, end);
  }

  /** The index of the quote closing a string whose content starts at {@code from}, skipping escapes; -1 if none. */
  private static int anyEnd(byte[] body, int from) {
    for (int i = from; i < body.length; i++) {
      if (body[i] == '\\') {
        i++;
      } else if (body[i] == '"') {
        return i;
      }
    }
    return -1;
  }
}
