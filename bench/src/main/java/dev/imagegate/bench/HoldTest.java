package dev.imagegate.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Many slow calls in flight at once: {@code --count} calls to the gateway, each on a connection of its own made with a
 * plain socket ({@link RawCall}, one virtual thread each), for a model whose upstream holds every call (5-30 s in
 * {@code gateway-edge.yaml}) and then answers with ~1.5 MB of {@code b64_json}. Meanwhile the gateway process's
 * resident memory is sampled from {@code /proc/<pid>/status}; its {@code VmHWM} is reset first, so the peak is this
 * test's. Prints one {@code HOLD key=value ...} line, then the errors by kind. With {@code --rate R} the calls start
 * at R per second instead of all at once, as clients arrive in practice; when the upstream holds each call longer
 * than the ramp lasts, every call is in flight at once ({@code held_max} shows it).
 *
 * <p>The gateway is warmed up first, as a gateway in service is: {@code --warmup} (2,000) calls to {@code bench-small}
 * and a fifth as many to {@code bench-large}, 16 at a time, so the measured calls do not meet a JVM still compiling
 * its code (a cold gateway on a busy 2-core machine parsed too few request heads within the 10 s header timeout).
 *
 * <p>Usage: {@code HoldTest --url URL --model bench-hold --count 1000 --pid GATEWAY_PID --upstream UPSTREAM_BASE
 * [--rate R] [--timeout-ms 120000] [--warmup 2000]}
 */
public final class HoldTest {
  private static final Pattern HELD_MAX = Pattern.compile("\"held_max\":(\\d+)");
  private static final Pattern CONNECTIONS_MAX = Pattern.compile("\"connections_max\":(\\d+)");

  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
  private final AtomicLong minBytes = new AtomicLong(Long.MAX_VALUE);
  private final Histogram latencyMicros = new ConcurrentHistogram(1, TimeUnit.MINUTES.toMicros(10), 3);
  private volatile long sampledPeakKb;
  private volatile int peakOpenFiles;
  private volatile boolean sampling = true;

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int count = (int) args.number("count", 1000);
    ProcStatus gateway = new ProcStatus(args.number("pid", -1));
    try (BenchClient client = new BenchClient(4)) {
      new HoldTest().run(client, args, count, gateway);
    }
  }

  private void run(BenchClient client, Args args, int count, ProcStatus gateway) throws Exception {
    String upstream = args.text("upstream", "http://127.0.0.1:18081");
    URI url = URI.create(args.text("url", null));
    int timeout = (int) args.number("timeout-ms", 120_000);
    long warmup = args.number("warmup", 2000);
    warmUp(new RawCall(url, OpenLoop.requestBody("bench-small")), warmup, timeout);
    warmUp(new RawCall(url, OpenLoop.requestBody("bench-large")), warmup / 5, timeout);
    client.postEmpty(upstream + "/stats");
    long rssBefore = gateway.rssKb();
    boolean reset = gateway.resetPeak();
    Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(gateway));
    RawCall call = new RawCall(url, OpenLoop.requestBody(args.text("model", "bench-hold")));
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
      calls.add(Thread.startVirtualThread(() -> call(call, timeout)));
    }
    for (Thread thread : calls) {
      thread.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    sampling = false;
    sampler.join();
    String stats = client.get(upstream + "/stats");
    Matcher held = HELD_MAX.matcher(stats);
    Matcher connections = CONNECTIONS_MAX.matcher(stats);
    System.out.printf("HOLD count=%d ok=%d errors=%d held_max=%s upstream_connections_max=%s seconds=%.1f "
            + "rss_before_mb=%.1f rss_sampled_peak_mb=%.1f vmhwm_mb=%.1f hwm_reset=%b rss_after_mb=%.1f "
            + "gateway_open_files_max=%d p50_us=%d p99_us=%d min_body_bytes=%d%n", count, ok.get(), failed.get(),
        held.find() ? held.group(1) : "?", connections.find() ? connections.group(1) : "?", seconds,
        rssBefore / 1024.0, sampledPeakKb / 1024.0, gateway.peakRssKb() / 1024.0, reset, gateway.rssKb() / 1024.0,
        peakOpenFiles, latencyMicros.getValueAtPercentile(50), latencyMicros.getValueAtPercentile(99),
        ok.get() > 0 ? minBytes.get() : 0);
    new TreeMap<>(errorKinds).forEach((kind, n) -> System.out.printf("HOLD error %s: %d%n", kind, n.get()));
  }

  /** {@code count} calls, 16 at a time; says how many failed (a warm-up failure is reported, not counted). */
  private static void warmUp(RawCall call, long count, int timeoutMillis) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long started = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      workers.add(Thread.startVirtualThread(() -> {
        while (next.getAndIncrement() < count) {
          try {
            if (call.send(timeoutMillis).status() != 200) {
              failures.incrementAndGet();
            }
          } catch (IOException e) {
            failures.incrementAndGet();
          }
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    System.out.printf("warm-up: %d calls in %.1f s, %d failed%n", count, (System.nanoTime() - started) / 1e9,
        failures.get());
  }

  private void call(RawCall call, int timeoutMillis) {
    long start = System.nanoTime();
    String error;
    try {
      RawCall.Answer answer = call.send(timeoutMillis);
      latencyMicros.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
      if (answer.status() == 200) {
        ok.incrementAndGet();
        minBytes.accumulateAndGet(answer.bytes(), Math::min);
        return;
      }
      error = "status " + answer.status();
    } catch (IOException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    long n = failed.incrementAndGet();
    errorKinds.computeIfAbsent(error.replaceAll("\\d+ bytes", "N bytes"), k -> new AtomicLong()).incrementAndGet();
    if (n <= 3) {
      System.err.println("hold request failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + error);
    }
  }

  private void sample(ProcStatus gateway) {
    for (long n = 0; sampling; n++) {
      sampledPeakKb = Math.max(sampledPeakKb, gateway.rssKb());
      if (n % 50 == 0) {
        peakOpenFiles = Math.max(peakOpenFiles, gateway.openFiles());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
