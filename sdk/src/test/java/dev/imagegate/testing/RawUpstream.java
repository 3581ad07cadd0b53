package dev.imagegate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An upstream that misbehaves at the socket level, which MockWebServer cannot: it reads the request's headers, then
 * does what {@link Fault} says. One virtual thread per connection.
 */
public final class RawUpstream implements AutoCloseable {
  /** What the upstream does once it has read a request's headers. */
  public enum Fault {
    /** Closes the connection without a byte. */
    CLOSE,
    /** Resets the connection (RST). */
    RESET,
    /** Sends headers promising 100 bytes, then one byte, then closes. */
    TRUNCATE
  }

  private final ServerSocket server;
  private final Fault fault;

  public RawUpstream(Fault fault) throws IOException {
    this.fault = fault;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("raw-upstream").start(this::accept);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> answer(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void answer(Socket socket) {
    try (socket) {
      readHeaders(socket.getInputStream());
      switch (fault) {
        case CLOSE -> { }
        case RESET -> socket.setSoLinger(true, 0);
        case TRUNCATE -> {
          OutputStream out = socket.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
    } catch (IOException ignored) {
      // the client went away first: nothing to do
    }
  }

  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b = in.read(); b != -1; b = in.read()) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
