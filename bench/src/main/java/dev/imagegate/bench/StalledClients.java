package dev.imagegate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Slow clients against a well-behaved one: {@code --count} connections, spread over {@code --sources} loopback source
 * addresses (127.0.0.2 and up), each sending half a request head and then nothing; meanwhile a well-behaved client
 * on 127.0.0.1 sends one small images call every 50 ms on a new connection. Each stalled connection records what
 * ended it: a 503 refusal at once, a close by the gateway (its header timeout), or still open when the run ends.
 * Prints one {@code STALLED key=value ...} line.
 *
 * <p>Usage: {@code StalledClients --gateway http://127.0.0.1:18080 --count 20000 --sources 10 --seconds 30
 * --rate 4000 --model bench-small}
 */
public final class StalledClients {
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong closedByGateway = new AtomicLong();
  private final AtomicLong connectFailed = new AtomicLong();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong probeOk = new AtomicLong();
  private final AtomicLong probeFailed = new AtomicLong();
  private final Histogram probeMicros = new ConcurrentHistogram(1, TimeUnit.MINUTES.toMicros(5), 3);
  private volatile boolean running = true;

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    new StalledClients().run(args);
  }

  private void run(Args args) throws Exception {
    URI gateway = URI.create(args.text("gateway", "http://127.0.0.1:18080"));
    InetSocketAddress target = new InetSocketAddress(gateway.getHost(), gateway.getPort());
    int count = (int) args.number("count", 20000);
    int sources = (int) args.number("sources", 10);
    long seconds = (long) args.number("seconds", 30);
    double rate = args.number("rate", 4000);
    Thread probe = Thread.ofVirtual().start(() -> probe(gateway, args.text("model", "bench-small")));
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String source = "127.0.0." + (2 + i % sources);
      Thread.ofVirtual().start(() -> stall(target, source));
      long due = started + (long) ((i + 1) / rate * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    long end = started + TimeUnit.SECONDS.toNanos(seconds);
    TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
    running = false;
    probe.join();
    long stillOpen = opened.get() - refused.get() - closedByGateway.get();
    System.out.printf("STALLED count=%d sources=%d seconds=%d opened=%d refused_503=%d closed_by_gateway=%d "
            + "still_open=%d connect_failed=%d probe_ok=%d probe_errors=%d probe_p50_ms=%.1f probe_p99_ms=%.1f "
            + "probe_max_ms=%.1f%n", count, sources, seconds, opened.get(), refused.get(), closedByGateway.get(),
        stillOpen, connectFailed.get(), probeOk.get(), probeFailed.get(),
        probeMicros.getValueAtPercentile(50) / 1000.0, probeMicros.getValueAtPercentile(99) / 1000.0,
        probeMicros.getMaxValue() / 1000.0);
    System.exit(0);
  }

  private void stall(InetSocketAddress target, String source) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(target, 30_000);
      opened.incrementAndGet();
      socket.getOutputStream().write("POST /v1/images/generations HTTP/1.1\r\nHost: x\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(500);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[512];
      while (running) {
        try {
          int n = in.read(buffer);
          if (n < 0) {
            closedByGateway.incrementAndGet();
            return;
          }
          if (new String(buffer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 503")) {
            refused.incrementAndGet();
            return;
          }
        } catch (java.net.SocketTimeoutException e) {
          // still open: keep holding it
        }
      }
    } catch (IOException e) {
      if (opened.get() == 0 || e instanceof java.net.ConnectException) {
        connectFailed.incrementAndGet();
      } else {
        closedByGateway.incrementAndGet();
      }
    }
  }

  private void probe(URI gateway, String model) {
    byte[] body = OpenLoop.requestBody(model);
    String head = "POST /v1/images/generations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
    while (running) {
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 10_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        byte[] answer = socket.getInputStream().readAllBytes();
        String status = new String(answer, 0, Math.min(12, answer.length), StandardCharsets.US_ASCII);
        if (status.startsWith("HTTP/1.1 200")) {
          probeOk.incrementAndGet();
          probeMicros.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        } else {
          probeFailed.incrementAndGet();
        }
      } catch (IOException e) {
        probeFailed.incrementAndGet();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
