package dev.imagegate.provider;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

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
    public Malformed(String message) {
      super(message);
    }
  }

  /**
   * Where an event's data goes as it is read, for a caller that takes it piecewise instead of whole ({@link
   * #next(DataSink)}): the bytes of each {@code data:} line in order, a {@link #lineBreak} between two lines. The
   * sink finds where a line ends itself, so a caller that scans the data anyway reads each byte once.
   */
  public interface DataSink {
    /**
     * Takes the data in {@code bytes[from, to)} (a slice of the reader's buffer, valid only during the call) up to
     * the end of its line: returns the index of the CR or LF that ends the line (not taken), or {@code to} when all
     * of it was data ({@link ServerSentEvents#lineEnd} finds it).
     */
    int line(byte[] bytes, int from, int to) throws IOException;

    /** The LF that joins a data line to the one before it. */
    void lineBreak() throws IOException;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
  private static final long RETURNS = 0x0D0D0D0D0D0D0D0DL;
  private static final int MAX_NAME = 64;
  private static final byte[] LF = {'\n'};
  private static final int MAX_EVENT_NAME = 256;
  private static final int BUSY_BUFFER = 64 << 10;

  private final InputStream in;
  private final int maxEventBytes;
  /**
   * What is read into before an event's first byte, while the stream may be quiet for seconds: small, so a
   * thousand idle streams hold little.
   */
  private final byte[] idle = new byte[256];
  /**
   * What an event in progress is read into: allocated when its bytes come, let go when it ends. 64 KB, a socket
   * read's worth: a partial image passed on piecewise goes out in as few writes as the upstream's reads.
   */
  private byte[] busy;
  private byte[] buffer = idle;
  private int position;
  private int limit;
  /** A CR ended the last line: a LF right after it belongs to that line end. */
  private boolean skipLineFeed;
  private final byte[] field = new byte[MAX_NAME];
  private int fieldLength;
  /** Where the current event's data goes. */
  private DataSink sink;
  private final Blocks blocks = new Blocks();
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
    String eventName = next(blocks);
    if (eventName == null) {
      blocks.clear();
      return null;
    }
    return new Event(eventName, blocks.assemble());
  }

  /**
   * Reads the next event, its data going to {@code data} as it arrives (nothing of it is kept here); returns the
   * event's name ({@code message} when none was given) once its blank line is read, or null when the stream has
   * ended (the data of a last event cut off without its blank line may then have reached {@code data} in part).
   */
  public String next(DataSink data) throws IOException {
    sink = data;
    while (true) {
      if (!available()) {
        return null;
      }
      byte first = buffer[position];
      if (first == '\n' || first == '\r') {
        endLine();
        if (hasData) {
          String eventName = name == null ? "message" : name;
          reset();
          return eventName;
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

  /** The name given to the event being read so far ({@code event:} lines before this point), or null. */
  public String eventName() {
    return name;
  }

  private void reset() {
    busy = null; // the buffer being read stays until it is used up; the next event gets a fresh one
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
      sink.lineBreak();
    }
    hasData = true;
    while (available()) {
      int start = position;
      int end = sink.line(buffer, start, limit);
      count(end - start);
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
      int end = lineEnd(buffer, start, limit);
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
      int end = lineEnd(buffer, start, limit);
      count(end - start);
      position = end;
      if (end < limit) {
        return;
      }
    }
  }

  /**
   * Where the line that goes on at {@code from} ends in {@code buffer[from, limit)}: its CR or LF, else {@code limit}.
   * Eight bytes per step: a data line of a partial image is megabytes of base64.
   */
  public static int lineEnd(byte[] buffer, int from, int limit) {
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
    byte[] into = idle;
    if (eventBytes > 0 || hasData || name != null) {
      if (busy == null) {
        busy = new byte[BUSY_BUFFER];
      }
      into = busy;
    }
    int read = in.read(into, 0, into.length);
    while (read == 0) {
      read = in.read(into, 0, into.length);
    }
    if (read < 0) {
      return false;
    }
    buffer = into;
    position = 0;
    limit = read;
    return true;
  }

  /** An event's data gathered whole ({@link #next()}); emptied when the event is handed over. */
  private static final class Blocks implements DataSink {
    private final ByteBlocks bytes = new ByteBlocks();

    @Override
    public int line(byte[] from, int offset, int limit) {
      int end = lineEnd(from, offset, limit);
      bytes.add(from, offset, end - offset);
      return end;
    }

    @Override
    public void lineBreak() {
      bytes.add(LF, 0, 1);
    }

    byte[] assemble() {
      return bytes.take();
    }

    void clear() {
      bytes.clear();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
