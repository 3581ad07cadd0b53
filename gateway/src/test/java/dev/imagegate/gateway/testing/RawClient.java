package dev.imagegate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends bytes a well-behaved HTTP client never would (short bodies, bad chunking, half-closes) and reads whatever
 * comes back, for tests of the gateway's edge.
 */
public final class RawClient {
  /** The status and body of an answer; status 0 when the connection closed without one. */
  public record Answer(int status, String head, String body) {
    public JsonNode json() {
      try {
        return Json.parse(body.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private RawClient() {
  }

  /** Sends {@code request}, half-closes when {@code halfClose}, and reads the answer within {@code wait}. */
  public static Answer exchange(InetSocketAddress address, byte[] request, boolean halfClose, Duration wait)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 5000);
      socket.setSoTimeout((int) wait.toMillis());
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      if (halfClose) {
        socket.shutdownOutput();
      }
      return read(socket.getInputStream());
    }
  }

  public static Answer exchange(InetSocketAddress address, String request, boolean halfClose, Duration wait)
      throws IOException {
    return exchange(address, request.getBytes(StandardCharsets.UTF_8), halfClose, wait);
  }

  /** A POST of {@code body} to {@code path} with a correct Content-Length and {@code headers} ("Name: value"). */
  public static String post(String path, String body, String... headers) {
    StringBuilder out = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nConnection: close\r\n");
    for (String header : headers) {
      out.append(header).append("\r\n");
    }
    out.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n");
    return out.append(body).toString();
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
        if (complete(bytes.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // what arrived is the answer
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || split < 0) {
      return new Answer(0, text, "");
    }
    String head = text.substring(0, split);
    String body = text.substring(split + 4);
    if (head.toLowerCase().contains("transfer-encoding: chunked")) {
      body = dechunk(body);
    }
    return new Answer(Integer.parseInt(head.substring(9, 12)), head, body);
  }

  /** Whether a whole answer with a Content-Length has arrived. */
  private static boolean complete(String text) {
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      return false;
    }
    String head = text.substring(0, split).toLowerCase();
    int at = head.indexOf("content-length: ");
    if (at < 0) {
      return false;
    }
    int end = head.indexOf("\r\n", at);
    long length = Long.parseLong(head.substring(at + 16, end < 0 ? head.length() : end).trim());
    return text.length() - split - 4 >= length;
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int eol = body.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
