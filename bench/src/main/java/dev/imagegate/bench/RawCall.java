package dev.imagegate.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 POST on a connection of its own, made with a plain blocking socket (meant for a virtual thread): the
 * socket is connected and the whole request written at once, so no request ever waits in a client-side queue while
 * the server's header timeout runs (what happened with a pooled client under 10,000 concurrent calls). The answer's
 * body is counted and dropped as it arrives, with {@code Content-Length} or chunked framing.
 */
final class RawCall {
  private static final int BUFFER_BYTES = 8192;

  /** What came back: the status and the body's size. */
  record Answer(int status, long bytes) {
  }

  private final InetSocketAddress address;
  private final byte[] request;

  RawCall(URI url, byte[] json) {
    int port = url.getPort() >= 0 ? url.getPort() : 80;
    this.address = new InetSocketAddress(url.getHost(), port);
    String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port
        + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\nConnection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    this.request = new byte[headBytes.length + json.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(json, 0, request, headBytes.length, json.length);
  }

  /**
   * Sends the request and reads the whole answer; {@code timeoutMillis} bounds the connect and each read.
   *
   * @throws IOException when the connection fails, or the answer is cut short or malformed
   */
  Answer send(int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(address, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      Reader in = new Reader(socket.getInputStream());
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
      long bytes;
      if (chunked) {
        bytes = 0;
        for (long size = chunkSize(in.line()); size > 0; size = chunkSize(in.line())) {
          in.skip(size);
          bytes += size;
          if (!in.line().isEmpty()) {
            throw new IOException("no CRLF after a chunk");
          }
        }
        while (!in.line().isEmpty()) {
          // trailers
        }
      } else if (length >= 0) {
        in.skip(length);
        bytes = length;
      } else {
        bytes = in.skipToEnd();
      }
      return new Answer(code, bytes);
    }
  }

  private static long chunkSize(String line) throws IOException {
    int end = line.indexOf(';');
    try {
      return Long.parseLong((end < 0 ? line : line.substring(0, end)).trim(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size: " + line);
    }
  }

  /** A small buffered reader of lines and skipped bytes. */
  private static final class Reader {
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;

    Reader(InputStream in) {
      this.in = in;
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

    void skip(long count) throws IOException {
      while (count > 0) {
        if (position == limit && !fill()) {
          throw new EOFException("the connection closed with " + count + " bytes of the body missing");
        }
        int step = (int) Math.min(count, limit - position);
        position += step;
        count -= step;
      }
    }

    long skipToEnd() throws IOException {
      long count = limit - position;
      position = limit;
      while (fill()) {
        count += limit;
        position = limit;
      }
      return count;
    }

    private boolean fill() throws IOException {
      int read = in.read(buffer);
      if (read < 0) {
        return false;
      }
      position = 0;
      limit = read;
      return true;
    }
  }
}
