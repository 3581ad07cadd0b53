package dev.imagegate.provider;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code text/event-stream} body event by event, as the WHATWG server-sent events rules say: lines end with
 * LF, CRLF or CR; {@code event:} names the event, {@code data:} lines are joined with LF, comments ({@code :...}) and
 * other fields are skipped, a blank line ends the event, and an event cut off by the end of the stream is dropped.
 * Each event is bounded ({@code maxEventBytes}): an upstream that never ends an event cannot fill the heap. Not
 * thread-safe; reads block until the upstream sends more.
 */
public final class ServerSentEvents implements Closeable {
  /** The largest event taken by default: three 1536x1024 PNG partials fit many times over. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 64 << 20;

  /** One event: its name ({@code message} when none was given) and its data. */
  public record Event(String name, byte[] data) {
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Event[" + name + ", " + data.length + " bytes]";
    }
  }

  /** The stream broke the format: an event over the size limit, or bytes that are not a line of a field. */
  public static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
  private static final long RETURNS = 0x0D0D0D0D0D0D0D0DL;
  private static final int MAX_NAME = 64;
  private static final int FIRST_BLOCK = 1024;
  private static final int BLOCK = 64 << 10;
  private static final byte[] LF = {'\n'};
  private static final int MAX_EVENT_NAME = 256;

  private final InputStream in;
  private final int maxEventBytes;
  private final byte[] buffer = new byte[16 << 10];
  private int position;
  private int limit;
  /** A CR ended the last line: a LF right after it belongs to that line end. */
  private boolean skipLineFeed;
  private final byte[] field = new byte[MAX_NAME];
  private int fieldLength;
  /**
   * The event's data so far, in blocks (the first small, the rest {@link #BLOCK} bytes): assembled into one exact
   * array when the event ends, so a megabytes-long event costs no growing-and-copying and no array larger than
   * itself (with G1's regions a doubled buffer of 2 MB would be a humongous object). Empty between events, so an idle
   * stream holds no event-sized buffer.
   */
  private final List<byte[]> blocks = new ArrayList<>();
  private byte[] block;
  private int blockLength;
  private int dataLength;
  private boolean hasData;
  private String name;
  /** Bytes of the event so far, every line counted, against {@link #maxEventBytes}. */
  private long eventBytes;

  public ServerSentEvents(InputStream in) {
    this(in, DEFAULT_MAX_EVENT_BYTES);
  }

  public ServerSentEvents(InputStream in, int maxEventBytes) {
    this.in = in;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * The next event, or null when the stream has ended (a last event without its blank line is dropped). The data of
   * a {@code data:} line goes straight into the event's buffer (no line buffer); the buffer is handed over with the
   * event, so nothing event-sized is kept between events.
   */
  public Event next() throws IOException {
    while (true) {
      if (!available()) {
        return null;
      }
      byte first = buffer[position];
      if (first == '\n' || first == '\r') {
        endLine();
        if (hasData) {
          return dispatch();
        }
        reset();
        continue;
      }
      boolean colon = readFieldName();
      if (colon && available() && buffer[position] == ' ') {
        position++;
      }
      if (fieldLength == 0 && colon) {
        skipValue();
      } else if (is("data")) {
        appendData();
      } else if (is("event")) {
        name = readEventName();
      } else {
        skipValue();
      }
      if (!available()) {
        return null;
      }
      endLine();
    }
  }

  private Event dispatch() {
    byte[] out = new byte[dataLength];
    int at = 0;
    for (byte[] full : blocks) {
      System.arraycopy(full, 0, out, at, full.length);
      at += full.length;
    }
    if (block != null) {
      System.arraycopy(block, 0, out, at, blockLength);
    }
    Event event = new Event(name == null ? "message" : name, out);
    reset();
    return event;
  }

  private void reset() {
    blocks.clear();
    block = null;
    blockLength = 0;
    dataLength = 0;
    hasData = false;
    name = null;
    eventBytes = 0;
  }

  /** Whether a byte is there to read (reading more when needed); false at the end of the stream. */
  private boolean available() throws IOException {
    while (true) {
      if (position == limit && !fill()) {
        return false;
      }
      if (skipLineFeed) {
        skipLineFeed = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      return true;
    }
  }

  /** Consumes the line end at {@link #position} (CR, LF or CRLF, the LF possibly in the next read). */
  private void endLine() {
    skipLineFeed = buffer[position] == '\r';
    position++;
  }

  /**
   * Reads the field name up to its colon (consumed; true) or to the line's end (not consumed; false). Names longer
   * than any field read here are cut (the field is then unknown and skipped).
   */
  private boolean readFieldName() throws IOException {
    fieldLength = 0;
    while (available()) {
      byte b = buffer[position];
      if (b == '\n' || b == '\r') {
        return false;
      }
      position++;
      count(1);
      if (b == ':') {
        return true;
      }
      if (fieldLength < MAX_NAME) {
        field[fieldLength++] = b;
      }
    }
    return false;
  }

  private boolean is(String wanted) {
    if (fieldLength != wanted.length()) {
      return false;
    }
    for (int i = 0; i < fieldLength; i++) {
      if (field[i] != wanted.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Appends the rest of the line to the event's data (after a LF when data came before). */
  private void appendData() throws IOException {
    if (hasData) {
      append(LF, 0, 1);
    }
    hasData = true;
    while (available()) {
      int start = position;
      int end = lineEnd(start);
      int length = end - start;
      count(length);
      append(buffer, start, length);
      position = end;
      if (end < limit) {
        return;
      }
    }
  }

  private String readEventName() throws IOException {
    StringBuilder out = new StringBuilder();
    while (available()) {
      int start = position;
      int end = lineEnd(start);
      count(end - start);
      if (out.length() < MAX_EVENT_NAME) {
        out.append(new String(buffer, start, Math.min(end - start, MAX_EVENT_NAME - out.length()),
            StandardCharsets.UTF_8));
      }
      position = end;
      if (end < limit) {
        break;
      }
    }
    return out.toString();
  }

  private void skipValue() throws IOException {
    while (available()) {
      int start = position;
      int end = lineEnd(start);
      count(end - start);
      position = end;
      if (end < limit) {
        return;
      }
    }
  }

  /**
   * Where the line that goes on at {@code from} ends in the buffer: its CR or LF, else {@link #limit}. Eight bytes
   * per step: a data line of a partial image is megabytes of base64.
   */
  private int lineEnd(int from) {
    int end = from;
    for (int last = limit - Long.BYTES; end <= last; end += Long.BYTES) {
      long word = (long) LONGS.get(buffer, end);
      long lineFeeds = word ^ LINE_FEEDS;
      long returns = word ^ RETURNS;
      long found = ((lineFeeds - ONES) & ~lineFeeds | (returns - ONES) & ~returns) & HIGHS;
      if (found != 0) {
        return end + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
      end++;
    }
    return end;
  }

  private void count(long bytes) throws Malformed {
    eventBytes += bytes;
    if (eventBytes > maxEventBytes) {
      throw new Malformed("an event longer than " + maxEventBytes + " bytes");
    }
  }

  private boolean fill() throws IOException {
    int read = in.read(buffer, 0, buffer.length);
    while (read == 0) {
      read = in.read(buffer, 0, buffer.length);
    }
    if (read < 0) {
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  /** Appends {@code length} bytes to the event's data, in blocks. */
  private void append(byte[] from, int offset, int length) throws Malformed {
    if ((long) dataLength + length > maxEventBytes) {
      throw new Malformed("an event longer than " + maxEventBytes + " bytes");
    }
    while (length > 0) {
      if (block == null || blockLength == block.length) {
        if (block != null) {
          blocks.add(block);
        }
        block = new byte[block == null ? FIRST_BLOCK : BLOCK];
        blockLength = 0;
      }
      int n = Math.min(length, block.length - blockLength);
      System.arraycopy(from, offset, block, blockLength, n);
      blockLength += n;
      dataLength += n;
      offset += n;
      length -= n;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
