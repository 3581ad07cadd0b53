package dev.imagegate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers with server-sent events written as a test scripts them: each event is flushed in its own
 * chunk, with pauses in between, so a test sees what the client does while the stream is still open. It records
 * each request and whether the client closed its connection before the answer ended (a cancelled call). One
 * connection per request ({@code Connection: close}); one virtual thread per connection.
 */
public final class SseUpstream implements AutoCloseable {
  /** What a request carried: method, target, headers (names in lower case) and body. */
  public record Recorded(String method, String target, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What the upstream does with one request. */
  @FunctionalInterface
  public interface Script {
    void play(Exchange exchange) throws Exception;
  }

  private final ServerSocket server;
  private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final CountDownLatch clientClosed = new CountDownLatch(1);

  public SseUpstream() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("sse-upstream").start(this::accept);
  }

  /** Queues the script for the next request (requests without a script get a 500). */
  public SseUpstream enqueue(Script script) {
    scripts.add(script);
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** The next recorded request, waiting up to 5 s. */
  public Recorded takeRequest() throws InterruptedException {
    Recorded recorded = requests.poll(5, TimeUnit.SECONDS);
    if (recorded == null) {
      throw new AssertionError("no request reached the upstream");
    }
    return recorded;
  }

  public int requestCount() {
    return count.get();
  }

  /** Whether a script's {@link Exchange#holdUntilClientCloses} saw the client close within {@code timeout}. */
  public boolean clientClosed(Duration timeout) throws InterruptedException {
    return clientClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One request being answered. */
  public final class Exchange {
    private final Socket socket;
    private final OutputStream out;

    private Exchange(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    /** Starts a chunked {@code text/event-stream} answer with {@code status}. */
    public Exchange stream(int status, String... headers) throws IOException {
      StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\nContent-Type: text/event-stream\r\n"
          + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n");
      for (int i = 0; i + 1 < headers.length; i += 2) {
        head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      write(head.append("\r\n").toString());
      return this;
    }

    /** Writes one event ({@code event:} and {@code data:} lines and the blank line) and flushes it. */
    public Exchange event(String name, String data) throws IOException {
      return chunk((name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n");
    }

    /** Writes {@code text} as one chunk of the body and flushes it. */
    public Exchange chunk(String text) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      write(Integer.toHexString(bytes.length) + "\r\n");
      out.write(bytes);
      write("\r\n");
      return this;
    }

    /** Ends the chunked body. */
    public Exchange end() throws IOException {
      write("0\r\n\r\n");
      return this;
    }

    /** Answers with a whole body of {@code contentType}, as an ordinary (non-streamed) server would. */
    public Exchange whole(int status, String contentType, String body, String... headers) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\nContent-Type: " + contentType
          + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n");
      for (int i = 0; i + 1 < headers.length; i += 2) {
        head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      write(head.append("\r\n").toString());
      out.write(bytes);
      out.flush();
      return this;
    }

    /** Waits until {@code latch} opens, at most {@code timeout}; whether it opened. */
    public boolean await(CountDownLatch latch, Duration timeout) throws InterruptedException {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps the answer open, sending nothing, until the client closes the connection or {@code timeout} passes;
     * whether the client closed it (also noted for {@link SseUpstream#clientClosed}).
     */
    public boolean holdUntilClientCloses(Duration timeout) throws IOException {
      socket.setSoTimeout((int) timeout.toMillis());
      try {
        while (socket.getInputStream().read() != -1) {
          // a client sends nothing more on this connection; keep waiting for its end
        }
      } catch (java.net.SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        // a reset is a close too
      }
      clientClosed.countDown();
      return true;
    }

    private void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
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
      Recorded recorded = read(socket.getInputStream());
      count.incrementAndGet();
      requests.add(recorded);
      Script script = scripts.poll();
      Exchange exchange = new Exchange(socket);
      if (script == null) {
        exchange.whole(500, "application/json", "{\"error\":{\"message\":\"no script for this request\"}}");
        return;
      }
      script.play(exchange);
    } catch (Exception ignored) {
      // the client went away mid-answer: what a cancel test wants, and nothing to report otherwise
    }
  }

  private static Recorded read(InputStream in) throws IOException {
    String requestLine = line(in);
    Map<String, String> headers = new TreeMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
        all.write(in.readNBytes(size));
        line(in);
      }
      line(in);
      body = all.toByteArray();
    } else {
      body = new byte[0];
    }
    String[] parts = requestLine.split(" ");
    return new Recorded(parts[0], parts[1], headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
