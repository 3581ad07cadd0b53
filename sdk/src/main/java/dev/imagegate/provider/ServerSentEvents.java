package dev.imagegate.provider;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

  private final InputStream in;
  private final int maxEventBytes;
  private final byte[] buffer = new byte[64 << 10];
  private int position;
  private int limit;
  private boolean skipLineFeed;
  private byte[] line = new byte[512];
  private int lineLength;
  private byte[] data = new byte[1024];
  private int dataLength;
  private boolean hasData;
  private String name;

  public ServerSentEvents(InputStream in) {
    this(in, DEFAULT_MAX_EVENT_BYTES);
  }

  public ServerSentEvents(InputStream in, int maxEventBytes) {
    this.in = in;
    this.maxEventBytes = maxEventBytes;
  }

  /** The next event, or null when the stream has ended (a last event without its blank line is dropped). */
  public Event next() throws IOException {
    while (readLine()) {
      if (lineLength == 0) {
        Event event = hasData ? new Event(name == null ? "message" : name, Arrays.copyOf(data, dataLength)) : null;
        hasData = false;
        dataLength = 0;
        name = null;
        if (event != null) {
          return event;
        }
        continue;
      }
      field();
    }
    return null;
  }

  private void field() throws IOException {
    if (line[0] == ':') {
      return;
    }
    int colon = indexOf(line, lineLength, (byte) ':');
    int nameEnd = colon < 0 ? lineLength : colon;
    int valueStart = colon < 0 ? lineLength : colon + 1;
    if (valueStart < lineLength && line[valueStart] == ' ') {
      valueStart++;
    }
    if (is("data", nameEnd)) {
      int length = lineLength - valueStart + (hasData ? 1 : 0);
      ensureData(dataLength + length);
      if (hasData) {
        data[dataLength++] = '\n';
      }
      System.arraycopy(line, valueStart, data, dataLength, lineLength - valueStart);
      dataLength += lineLength - valueStart;
      hasData = true;
    } else if (is("event", nameEnd)) {
      name = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
    }
  }

  private boolean is(String field, int nameEnd) {
    if (nameEnd != field.length()) {
      return false;
    }
    for (int i = 0; i < nameEnd; i++) {
      if (line[i] != field.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Reads the next line into {@link #line}; false at the end of the stream (a cut-off last line is dropped). */
  private boolean readLine() throws IOException {
    lineLength = 0;
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
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
        end++;
      }
      append(start, end);
      if (end < limit) {
        skipLineFeed = buffer[end] == '\r';
        position = end + 1;
        return true;
      }
      position = limit;
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

  private void append(int start, int end) throws Malformed {
    int length = end - start;
    if (length == 0) {
      return;
    }
    int needed = lineLength + length;
    if (needed + dataLength > maxEventBytes) {
      throw new Malformed("an event longer than " + maxEventBytes + " bytes");
    }
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.max(needed, Math.min(maxEventBytes, line.length * 2)));
    }
    System.arraycopy(buffer, start, line, lineLength, length);
    lineLength = needed;
  }

  private void ensureData(int needed) throws Malformed {
    if (needed > maxEventBytes) {
      throw new Malformed("an event longer than " + maxEventBytes + " bytes");
    }
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(needed, Math.min(maxEventBytes, data.length * 2)));
    }
  }

  private static int indexOf(byte[] bytes, int length, byte wanted) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
