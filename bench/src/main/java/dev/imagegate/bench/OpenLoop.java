package dev.imagegate.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: requests leave at a fixed rate whatever the server does, each on its own virtual
 * thread, and each latency is measured from the request's <em>intended</em> send time, so a stalled server shows up
 * as latency instead of as fewer requests (no coordinated omission). Prints one {@code OPENLOOP key=value ...} line.
 *
 * <p>Usage: {@code OpenLoop --url URL --model NAME --rate PER_SECOND --seconds N [--warmup N] [--label L]
 * [--connections N]}
 */
public final class OpenLoop {
  private final BenchClient client;
  private final String url;
  private final byte[] body;
  private final Histogram latencyMicros = new ConcurrentHistogram(1, TimeUnit.MINUTES.toMicros(10), 3);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong outstanding = new AtomicLong();

  private OpenLoop(BenchClient client, String url, String model) {
    this.client = client;
    this.url = url;
    this.body = requestBody(model);
  }

  static byte[] requestBody(String model) {
    return ("{\"model\":\"" + model + "\",\"prompt\":\"a lighthouse at dusk, oil painting\",\"n\":1}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    double rate = args.decimal("rate", 100);
    try (BenchClient client = new BenchClient((int) args.number("connections", 256))) {
      OpenLoop warm = new OpenLoop(client, args.text("url", null), args.text("model", "bench-small"));
      warm.run(rate, args.decimal("warmup", 2));
      OpenLoop run = new OpenLoop(client, args.text("url", null), args.text("model", "bench-small"));
      long seconds = args.number("seconds", 10);
      long started = System.nanoTime();
      long sent = run.run(rate, seconds);
      double elapsed = (System.nanoTime() - started) / 1e9;
      Histogram h = run.latencyMicros;
      System.out.printf("OPENLOOP label=%s rate=%.1f sent=%d ok=%d errors=%d achieved_rps=%.1f p50_us=%d p90_us=%d"
              + " p99_us=%d p999_us=%d max_us=%d mean_us=%.1f bytes=%d%n", args.text("label", "run"), rate, sent,
          run.ok.get(), run.failed.get(), run.ok.get() / elapsed, h.getValueAtPercentile(50),
          h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
          h.getMean(), run.bytes.get());
    }
  }

  /** Sends at {@code rate} per second for {@code seconds}, then waits for every answer; returns the count sent. */
  private long run(double rate, double seconds) throws InterruptedException {
    long period = (long) (1e9 / rate);
    long start = System.nanoTime();
    long count = (long) (rate * seconds);
    for (long i = 0; i < count; i++) {
      long intended = start + i * period;
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      outstanding.incrementAndGet();
      Thread.startVirtualThread(() -> send(intended));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return count;
  }

  private void send(long intended) {
    try {
      BenchClient.Outcome outcome = client.post(url, body, 60_000);
      latencyMicros.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
      if (outcome.ok()) {
        ok.incrementAndGet();
        bytes.addAndGet(outcome.bytes());
      } else {
        failed.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.incrementAndGet();
    } finally {
      outstanding.decrementAndGet();
    }
  }
}
