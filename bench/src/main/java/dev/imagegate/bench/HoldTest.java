package dev.imagegate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Memory under many large in-flight responses: {@code --count} requests are sent to the gateway at once (one virtual
 * thread each), for a model whose upstream holds every request (5 s in {@code gateway.yaml}) and then answers all of
 * them with ~1.5 MB of {@code b64_json} at about the same moment. Meanwhile the gateway process's resident memory is
 * sampled from {@code /proc/<pid>/status}; its {@code VmHWM} is reset first, so the peak is this test's. Prints one
 * {@code HOLD key=value ...} line. With {@code --rate R} the calls start at R per second instead of all at once, as
 * clients arrive in practice: the load generator's own client cannot open 10,000 connections and send a request on
 * each within the gateway's header timeout (10 s) on a 2-core machine, and when the upstream holds each call longer
 * than the ramp lasts, every call is still in flight at once ({@code held_max} shows it).
 *
 * <p>Usage: {@code HoldTest --url URL --model bench-hold --count 1000 --pid GATEWAY_PID --upstream UPSTREAM_BASE
 * [--rate R]}
 */
public final class HoldTest {
  private static final Pattern HELD_MAX = Pattern.compile("\"held_max\":(\\d+)");

  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong minBytes = new AtomicLong(Long.MAX_VALUE);
  private final Histogram latencyMicros = new ConcurrentHistogram(1, TimeUnit.MINUTES.toMicros(10), 3);
  private volatile long sampledPeakKb;
  private volatile boolean sampling = true;

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int count = (int) args.number("count", 1000);
    ProcStatus gateway = new ProcStatus(args.number("pid", -1));
    try (BenchClient client = new BenchClient(count + 16, (int) args.number("client-threads", 16))) {
      new HoldTest().run(client, args, count, gateway);
    }
  }

  private void run(BenchClient client, Args args, int count, ProcStatus gateway) throws Exception {
    String upstream = args.text("upstream", "http://127.0.0.1:18081");
    client.postEmpty(upstream + "/stats");
    long rssBefore = gateway.rssKb();
    boolean reset = gateway.resetPeak();
    Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(gateway));
    byte[] body = OpenLoop.requestBody(args.text("model", "bench-hold"));
    String url = args.text("url", null);
    long rate = args.number("rate", 0);
    long started = System.nanoTime();
    List<Thread> calls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (rate > 0) {
        long due = started + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      calls.add(Thread.startVirtualThread(() -> call(client, url, body)));
    }
    for (Thread call : calls) {
      call.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    sampling = false;
    sampler.join();
    Matcher held = HELD_MAX.matcher(client.get(upstream + "/stats"));
    System.out.printf("HOLD count=%d ok=%d errors=%d held_max=%s seconds=%.1f rss_before_mb=%.1f "
            + "rss_sampled_peak_mb=%.1f vmhwm_mb=%.1f hwm_reset=%b rss_after_mb=%.1f p50_us=%d p99_us=%d "
            + "min_body_bytes=%d%n", count, ok.get(), failed.get(), held.find() ? held.group(1) : "?", seconds,
        rssBefore / 1024.0, sampledPeakKb / 1024.0, gateway.peakRssKb() / 1024.0, reset, gateway.rssKb() / 1024.0,
        latencyMicros.getValueAtPercentile(50), latencyMicros.getValueAtPercentile(99),
        ok.get() > 0 ? minBytes.get() : 0);
  }

  private void call(BenchClient client, String url, byte[] body) {
    long start = System.nanoTime();
    try {
      BenchClient.Outcome outcome = client.post(url, body, 120_000);
      latencyMicros.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
      if (outcome.ok()) {
        ok.incrementAndGet();
        minBytes.accumulateAndGet(outcome.bytes(), Math::min);
      } else {
        failed.incrementAndGet();
        if (failed.get() <= 3) {
          System.err.println("hold request failed: status " + outcome.status() + " " + outcome.failure());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sample(ProcStatus gateway) {
    while (sampling) {
      sampledPeakKb = Math.max(sampledPeakKb, gateway.rssKb());
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
