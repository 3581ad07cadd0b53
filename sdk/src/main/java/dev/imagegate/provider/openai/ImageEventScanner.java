package dev.imagegate.provider.openai;

import dev.imagegate.provider.ServerSentEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the data of OpenAI's image events as it arrives ({@link ServerSentEvents#next(ServerSentEvents.DataSink)}),
 * keeping the event's object apart from its image: the base64 of the top-level {@code b64_json} string goes to a
 * {@link Base64Sink} chosen when the value starts (passed on piece by piece, or gathered), with JSON's {@code \/}
 * escape undone; everything else (type, time, settings, usage, an error) is kept, with {@code ""} in the image's
 * place, for Jackson to read once the event ends ({@link #fields}). Each byte of the base64 is looked at once: the
 * scan that finds the string's end ({@link PlainScan#special}) also finds the line's. Not thread-safe: one per stream.
 */
final class ImageEventScanner implements ServerSentEvents.DataSink {
  /** The most an event's object may hold besides its image: OpenAI's events and error bodies are far smaller. */
  static final int MAX_FIELDS = 1 << 20;

  /** Where an image's base64 goes. */
  interface Base64Sink {
    /** Plain base64 characters, a slice valid only during the call. */
    void base64(byte[] bytes, int offset, int length) throws IOException;
  }

  /** Chooses where an image's base64 goes, when its value starts. */
  @FunctionalInterface
  interface Chooser {
    Base64Sink choose(ImageEventScanner scanner) throws IOException;
  }

  private enum State { FIELDS, IMAGE, ESCAPE, REST }

  private static final byte[] SLASH = {'/'};
  private static final int MAX_KEY = 32;

  private final Chooser chooser;
  private State state = State.FIELDS;
  private byte[] fields = new byte[512];
  private int fieldsLength;
  private Base64Sink image;
  private long imageLength;

  // the shape of the object read so far, enough to find its top-level keys
  private int depth;
  private boolean inString;
  private boolean escaped;
  private int stringStart;
  private boolean expectKey;
  private boolean afterColon;
  private String key;
  private String type;

  ImageEventScanner(Chooser chooser) {
    this.chooser = chooser;
  }

  @Override
  public int line(byte[] bytes, int from, int to) throws IOException {
    int i = from;
    while (i < to) {
      switch (state) {
        case FIELDS -> {
          byte b = bytes[i];
          if (b == '\n' || b == '\r') {
            return i;
          }
          field(b);
          i++;
        }
        case IMAGE -> {
          int stop = PlainScan.special(bytes, i, to);
          if (stop > i) {
            image.base64(bytes, i, stop - i);
            imageLength += stop - i;
          }
          if (stop == to) {
            return to;
          }
          byte b = bytes[stop];
          if (b == '\n' || b == '\r') {
            return stop;
          }
          if (b == '"') {
            state = State.REST;
            keep((byte) '"');
          } else if (b == '\\') {
            state = State.ESCAPE;
          } else {
            throw new ServerSentEvents.Malformed("a byte that is not base64 (0x"
                + Integer.toHexString(b & 0xFF) + ") in b64_json");
          }
          i = stop + 1;
        }
        case ESCAPE -> {
          if (bytes[i] != '/') {
            throw new ServerSentEvents.Malformed("an escape other than \\/ in b64_json");
          }
          image.base64(SLASH, 0, 1);
          imageLength++;
          state = State.IMAGE;
          i++;
        }
        case REST -> {
          int end = ServerSentEvents.lineEnd(bytes, i, to);
          keep(bytes, i, end - i);
          return end;
        }
      }
    }
    return to;
  }

  @Override
  public void lineBreak() throws IOException {
    if (state == State.IMAGE || state == State.ESCAPE) {
      throw new ServerSentEvents.Malformed("a line break inside b64_json");
    }
    if (state == State.FIELDS) {
      field((byte) '\n');
    } else {
      keep((byte) '\n');
    }
  }

  /** The event's top-level {@code type} when it came before its image, else null. */
  String type() {
    return type;
  }

  /** Whether the event had a {@code b64_json} string (its base64 went to the sink chosen). */
  boolean hadImage() {
    return image != null;
  }

  /** How many base64 characters the event's image had. */
  long imageLength() {
    return imageLength;
  }

  /**
   * The event's data without its image (a {@code b64_json} string is {@code ""}), once the event has ended; then
   * readies this for the next event.
   *
   * @throws ServerSentEvents.Malformed when the event ended inside its image's string
   */
  byte[] fields() throws ServerSentEvents.Malformed {
    if (state == State.IMAGE || state == State.ESCAPE) {
      throw new ServerSentEvents.Malformed("an event that ended inside b64_json");
    }
    byte[] out = Arrays.copyOf(fields, fieldsLength);
    reset();
    return out;
  }

  /** Forgets the event being read (the stream ended or failed). */
  void reset() {
    state = State.FIELDS;
    fieldsLength = 0;
    if (fields.length > 4096) {
      fields = new byte[512];
    }
    image = null;
    imageLength = 0;
    depth = 0;
    inString = false;
    escaped = false;
    expectKey = false;
    afterColon = false;
    key = null;
    type = null;
  }

  /** One byte of the object before its image: kept, and followed through the object's shape. */
  private void field(byte b) throws IOException {
    keep(b);
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (b == '\\') {
        escaped = true;
      } else if (b == '"') {
        inString = false;
        stringEnded();
      }
      return;
    }
    switch (b) {
      case '{' -> {
        depth++;
        expectKey = depth == 1;
      }
      case '[' -> depth++;
      case '}', ']' -> depth--;
      case ':' -> afterColon = depth == 1;
      case ',' -> {
        if (depth == 1) {
          expectKey = true;
          afterColon = false;
        }
      }
      case '"' -> {
        if (depth == 1 && afterColon && !expectKey && "b64_json".equals(key)) {
          state = State.IMAGE;
          image = chooser.choose(this);
        } else {
          inString = true;
          stringStart = fieldsLength;
        }
      }
      default -> {
        // whitespace, numbers and literals: nothing to follow
      }
    }
  }

  private void stringEnded() {
    if (depth != 1) {
      return;
    }
    int length = fieldsLength - 1 - stringStart;
    if (expectKey) {
      expectKey = false;
      afterColon = false;
      key = length <= MAX_KEY ? new String(fields, stringStart, length, StandardCharsets.UTF_8) : "";
    } else if (afterColon && "type".equals(key) && length <= 256) {
      type = new String(fields, stringStart, length, StandardCharsets.UTF_8);
    }
  }

  private void keep(byte b) throws ServerSentEvents.Malformed {
    room(1);
    fields[fieldsLength++] = b;
  }

  private void keep(byte[] bytes, int offset, int length) throws ServerSentEvents.Malformed {
    room(length);
    System.arraycopy(bytes, offset, fields, fieldsLength, length);
    fieldsLength += length;
  }

  private void room(int more) throws ServerSentEvents.Malformed {
    if (fieldsLength + more > MAX_FIELDS) {
      throw new ServerSentEvents.Malformed("an event whose fields besides b64_json are longer than " + MAX_FIELDS
          + " bytes");
    }
    if (fieldsLength + more > fields.length) {
      fields = Arrays.copyOf(fields, Math.min(MAX_FIELDS, Math.max(fields.length * 2, fieldsLength + more)));
    }
  }
}
