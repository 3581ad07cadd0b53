package dev.imagegate.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One streamed images call on a connection of its own (a plain blocking socket, meant for a virtual thread): the
 * request is written at once, the answer's {@code text/event-stream} body is de-chunked and scanned event by event as
 * it arrives, without keeping it (comment-only blocks, such as keep-alive pings, are not events). For each event only its first and last 512 bytes are kept (enough to find its type
 * and {@code partial_image_index} wherever the base64 sits), and the moment its blank line is read is recorded: that
 * is when a client has the whole event and can use it.
 */
final class StreamCall {
  private static final int BUFFER_BYTES = 64 << 10;
  private static final int WINDOW = 512;
  private static final Pattern FIRST_PARTIAL = Pattern.compile("\"partial_image_index\"\\s*:\\s*0\\b");

  /**
   * What came back.
   *
   * @param status the HTTP status
   * @param events how many events ended (with a blank line)
   * @param firstEventNanos {@code System.nanoTime()} when the first event ended, 0 when none did
   * @param firstIsPartialZero whether the first event was {@code image_generation.partial_image} with
   *     {@code partial_image_index} 0
   * @param lastIsCompleted whether the last event was {@code image_generation.completed}
   * @param bytes the body's bytes
   * @param errorBody the start of the body when the status was not 200
   */
  record Result(int status, int events, long firstEventNanos, boolean firstIsPartialZero, boolean lastIsCompleted,
                long bytes, String errorBody) {
    /** 200, and the events a full stream of {@code partials} partial images has, in order. */
    boolean complete(int partials) {
      return status == 200 && events == partials + 1 && firstIsPartialZero && lastIsCompleted;
    }
  }

  private final InetSocketAddress address;
  private final URI url;

  StreamCall(URI url) {
    this.url = url;
    this.address = new InetSocketAddress(url.getHost(), url.getPort() >= 0 ? url.getPort() : 80);
  }

  /** The JSON body of the stream named {@code id} (the upstream finds the id in the prompt). */
  static byte[] body(String model, long id, int partials) {
    return ("{\"model\":\"" + model + "\",\"prompt\":\"bench-stream " + id + "\",\"stream\":true,"
        + "\"partial_images\":" + partials + ",\"size\":\"1024x1024\",\"quality\":\"low\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends {@code json} and reads the stream to its end; {@code timeoutMillis} bounds the connect and each read, and
   * twice that the whole answer (a gateway that only sends keep-alive comments does not hold the client forever).
   *
   * @throws IOException when the connection fails, or the answer is cut short or malformed
   */
  Result send(byte[] json, int timeoutMillis) throws IOException {
    String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + address.getHostString() + ":"
        + address.getPort() + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
        + "Authorization: Bearer sk-bench\r\nContent-Length: " + json.length + "\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(address, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(json);
      out.flush();
      Body in = new Body(socket.getInputStream(), System.nanoTime() + 2L * timeoutMillis * 1_000_000);
      String status = in.line();
      if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
        throw new IOException("not an HTTP/1.1 status line: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      for (String line = in.line(); !line.isEmpty(); line = in.line()) {
        String header = line.toLowerCase(Locale.ROOT);
        if (header.startsWith("content-length:")) {
          length = Long.parseLong(header.substring(15).trim());
        } else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
          chunked = true;
        }
      }
      Scanner scanner = new Scanner(code == 200);
      long bytes = chunked ? in.chunked(scanner) : in.plain(length, scanner);
      return new Result(code, scanner.events, scanner.firstEventNanos, scanner.firstIsPartialZero,
          scanner.lastIsCompleted, bytes, code == 200 ? "" : scanner.error.toString());
    }
  }

  /**
   * Finds the events' ends in the body's bytes as they arrive, keeping only each event's first and last
   * {@value #WINDOW} bytes. Line feeds are found eight bytes at a time, so a 1.5 MB event costs the client little.
   */
  static final class Scanner {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LINE_FEEDS = ONES * '\n';

    private final boolean events200;
    private final StringBuilder error = new StringBuilder();
    private final byte[] head = new byte[WINDOW];
    private final byte[] tail = new byte[WINDOW];
    private int headLength;
    private int tailLength;
    private long eventLength;
    private boolean lineHasContent;
    int events;
    long firstEventNanos;
    boolean firstIsPartialZero;
    boolean lastIsCompleted;

    Scanner(boolean events200) {
      this.events200 = events200;
    }

    void feed(byte[] bytes, int offset, int length) {
      if (!events200) {
        if (error.length() < 4096) {
          error.append(new String(bytes, offset, Math.min(length, 4096), StandardCharsets.UTF_8));
        }
        return;
      }
      int end = offset + length;
      int from = offset;
      while (from < end) {
        int lineFeed = lineFeed(bytes, from, end);
        int stop = lineFeed < 0 ? end : lineFeed;
        if (stop > from && (stop - from > 1 || bytes[from] != '\r')) {
          lineHasContent = true;
        }
        keep(bytes, from, stop - from);
        if (lineFeed < 0) {
          return;
        }
        if (lineHasContent) {
          keep(bytes, lineFeed, 1);
          lineHasContent = false;
        } else if (eventLength > 0) {
          ended(System.nanoTime());
        }
        from = lineFeed + 1;
      }
    }

    /** The index of the first line feed in {@code bytes[from, end)}, or -1. */
    private static int lineFeed(byte[] bytes, int from, int end) {
      int i = from;
      for (; i + 8 <= end; i += 8) {
        long word = (long) LONGS.get(bytes, i) ^ LINE_FEEDS;
        long found = (word - ONES) & ~word & HIGHS;
        if (found != 0) {
          return i + Long.numberOfTrailingZeros(found) / 8;
        }
      }
      for (; i < end; i++) {
        if (bytes[i] == '\n') {
          return i;
        }
      }
      return -1;
    }

    /** Adds {@code bytes[from, from + length)} to the event: to its head while it is short, and to its tail. */
    private void keep(byte[] bytes, int from, int length) {
      if (length == 0) {
        return;
      }
      if (headLength < WINDOW) {
        int n = Math.min(length, WINDOW - headLength);
        System.arraycopy(bytes, from, head, headLength, n);
        headLength += n;
      }
      if (length >= WINDOW) {
        System.arraycopy(bytes, from + length - WINDOW, tail, 0, WINDOW);
        tailLength = WINDOW;
      } else {
        int kept = Math.min(tailLength, WINDOW - length);
        System.arraycopy(tail, tailLength - kept, tail, 0, kept);
        System.arraycopy(bytes, from, tail, kept, length);
        tailLength = kept + length;
      }
      eventLength += length;
    }

    private void ended(long now) {
      String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1) + "\n"
          + new String(tail, 0, tailLength, StandardCharsets.ISO_8859_1);
      boolean comment = eventLength <= WINDOW
          && text.lines().allMatch(line -> line.isBlank() || line.startsWith(":"));
      if (!comment) {
        if (events == 0) {
          firstEventNanos = now;
          firstIsPartialZero = text.contains("image_generation.partial_image")
              && FIRST_PARTIAL.matcher(text).find();
        }
        lastIsCompleted = text.contains("image_generation.completed");
        events++;
      }
      headLength = 0;
      tailLength = 0;
      eventLength = 0;
    }
  }

  /** The response read as it arrives: header lines, then the body passed to a {@link Scanner}. */
  private static final class Body {
    private final InputStream in;
    private final long deadline;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;

    /** {@code deadline}: the {@code System.nanoTime()} by which the whole answer must have come. */
    Body(InputStream in, long deadline) {
      this.in = in;
      this.deadline = deadline;
    }

    String line() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        if (position == limit && !fill()) {
          throw new EOFException("the connection closed in a line");
        }
        byte b = buffer[position++];
        if (b == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
        line.append((char) (b & 0xff));
      }
    }

    long chunked(Scanner scanner) throws IOException {
      long bytes = 0;
      for (long size = chunkSize(line()); size > 0; size = chunkSize(line())) {
        pass(size, scanner);
        bytes += size;
        if (!line().isEmpty()) {
          throw new IOException("no CRLF after a chunk");
        }
      }
      while (!line().isEmpty()) {
        // trailers
      }
      return bytes;
    }

    long plain(long length, Scanner scanner) throws IOException {
      if (length >= 0) {
        pass(length, scanner);
        return length;
      }
      long bytes = limit - position;
      scanner.feed(buffer, position, limit - position);
      position = limit;
      while (fill()) {
        scanner.feed(buffer, 0, limit);
        bytes += limit;
        position = limit;
      }
      return bytes;
    }

    private void pass(long count, Scanner scanner) throws IOException {
      while (count > 0) {
        if (position == limit && !fill()) {
          throw new EOFException("the connection closed with " + count + " bytes of the body missing");
        }
        int step = (int) Math.min(count, limit - position);
        scanner.feed(buffer, position, step);
        position += step;
        count -= step;
      }
    }

    private boolean fill() throws IOException {
      if (System.nanoTime() - deadline > 0) {
        throw new SocketTimeoutException("the stream did not end in time (keep-alive comments only?)");
      }
      int read = in.read(buffer);
      if (read < 0) {
        return false;
      }
      position = 0;
      limit = read;
      return true;
    }

    private static long chunkSize(String line) throws IOException {
      int end = line.indexOf(';');
      try {
        return Long.parseLong((end < 0 ? line : line.substring(0, end)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + line);
      }
    }
  }
}
