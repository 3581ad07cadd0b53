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
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The streaming benchmark: how long the first partial image takes from the upstream to the client, straight from the
 * upstream and through the gateway, in alternating rounds of one run; then the gateway's resident memory with many
 * streams in flight at once.
 *
 * <p>The streaming upstream ({@link StreamUpstream}) runs in this JVM, so the time its first partial was handed to
 * the socket and the time the client had the whole event are two readings of one {@code System.nanoTime()}. Each of
 * {@code --concurrency} virtual threads runs streams back to back (starts staggered over one stream's length), each
 * stream on a connection of its own ({@link StreamCall}). Each round prints a {@code STREAMS} line; the summary line
 * gives p50 and p99 of each side, the gateway's minus the direct one, their ratios and the verdict against the
 * targets (p50 added at most 1 ms, p99 added at most 5 ms). Then {@code --hold-count} streams are started at
 * {@code --hold-rate} per second through the gateway to {@code bench-stream-hold}, a slower stream (in streams.sh:
 * first partial after 5 s, events 3 s apart), so all are in flight at once, while the gateway's RSS is sampled every
 * 10 ms ({@code STREAMHOLD}; target: peak at most 512 MB). Without {@code --gateway} only the direct rounds run.
 *
 * <p>Usage: {@code StreamsBench --upstream-port 18083 [--gateway http://127.0.0.1:18080 --pid GATEWAY_PID]
 * [--concurrency 200] [--rounds 3] [--seconds 20] [--warmup 60] [--delay-ms 2000] [--gap-ms 3000] [--hold-count 1000]
 * [--hold-rate 500]}. The gateway's config names {@code bench-stream}
 * and {@code bench-stream-hold} with {@code api_base} on this upstream with the same delays (streams.sh writes it).
 */
public final class StreamsBench {
  static final int PARTIALS = 3;
  static final double ADDED_P50_TARGET_MS = 1;
  static final double ADDED_P99_TARGET_MS = 5;
  static final double RSS_TARGET_MB = 512;
  /** Bounds the connect and each read: a stream's events are seconds apart, a minute of silence is a hang. */
  private static final int TIMEOUT_MILLIS = 60_000;

  private final StreamUpstream upstream;
  private final AtomicLong ids = new AtomicLong();

  StreamsBench(StreamUpstream upstream) {
    this.upstream = upstream;
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    try (StreamUpstream upstream = new StreamUpstream()) {
      int port = upstream.start((int) args.number("upstream-port", 18083));
      System.out.printf("stream upstream on http://127.0.0.1:%d: %d partials of %d bytes, completed %d bytes%n",
          port, PARTIALS, upstream.eventBytes(0), upstream.eventBytes(PARTIALS));
      new StreamsBench(upstream).run(args, port);
    }
  }

  private void run(Args args, int port) throws Exception {
    int concurrency = (int) args.number("concurrency", 200);
    int rounds = (int) args.number("rounds", 3);
    int seconds = (int) args.number("seconds", 20);
    int warmup = (int) args.number("warmup", 60);
    long delay = args.number("delay-ms", 2000);
    long gap = args.number("gap-ms", 3000);
    String gatewayBase = args.text("gateway", "");
    URI direct = URI.create("http://127.0.0.1:" + port + "/stream/" + delay + "/" + gap + "/v1/images/generations");
    URI gateway = gatewayBase.isEmpty() ? null : URI.create(gatewayBase + "/v1/images/generations");
    ProcStatus gatewayProcess = gateway == null ? null : new ProcStatus(args.number("pid", -1));
    long stagger = delay + PARTIALS * gap;

    System.out.println("warming up...");
    round(direct, "gpt-image-2", concurrency, Math.max(3, seconds / 2), stagger);
    if (gateway != null) {
      // a stream is four events in 11 s, so the gateway's streaming path runs far fewer times per second than a
      // small call: C2 was still compiling it in the third 20 s round after a 20 s warm-up
      Round warm = round(gateway, "bench-stream", concurrency, warmup, stagger);
      System.out.printf("warm-up through the gateway: %d streams whole, %d failed%n", warm.ok(),
          warm.failures().values().stream().mapToLong(Long::longValue).sum());
      alive(gatewayProcess);
      long warmFailed = warm.failures().values().stream().mapToLong(Long::longValue).sum();
      if (warm.ok() < warmFailed) {
        warm.failures().forEach((kind, n) -> System.out.printf("STREAMS error %s: %d%n", kind, n));
        System.out.println("STREAMS error most streams failed through the gateway in the warm-up (out of heap?"
            + " see its log): the rounds would only time out");
        System.exit(1);
      }
    }
    Histogram directAll = histogram();
    Histogram gatewayAll = histogram();
    for (int r = 1; r <= rounds; r++) {
      report("direct", r, round(direct, "gpt-image-2", concurrency, seconds, stagger), directAll, null);
      if (gateway != null) {
        alive(gatewayProcess);
        long cpu = gatewayProcess.cpuTicks();
        Round measured = round(gateway, "bench-stream", concurrency, seconds, stagger);
        report("gateway", r, measured, gatewayAll, (gatewayProcess.cpuTicks() - cpu) * 10.0 / measured.ok());
      }
    }
    summary(concurrency, directAll, gateway == null ? null : gatewayAll);
    if (gateway != null) {
      alive(gatewayProcess);
      hold(gateway, args, gatewayProcess);
    }
  }

  /** Stops the run when the gateway process has died: the rest would only time out. */
  private static void alive(ProcStatus gateway) {
    if (!gateway.alive()) {
      System.out.println("STREAMS error the gateway process " + gateway.pid() + " died: see its log");
      System.exit(1);
    }
  }

  /** One round's outcome: the first-partial latencies (ns), the streams that ran whole, and the failures by kind. */
  record Round(Histogram latency, long ok, Map<String, Long> failures, int upstreamStreamsMax) {
  }

  /** {@code concurrency} virtual threads running streams back to back for {@code seconds}. */
  Round round(URI url, String model, int concurrency, int seconds, long staggerMillis) throws InterruptedException {
    Histogram latency = histogram();
    AtomicLong ok = new AtomicLong();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    StreamCall call = new StreamCall(url);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    upstream.takeStreamsMax();
    List<Thread> threads = new ArrayList<>(concurrency);
    for (int i = 0; i < concurrency; i++) {
      long wait = staggerMillis * i / concurrency;
      threads.add(Thread.startVirtualThread(() -> {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
        while (System.nanoTime() < end) {
          stream(call, model, latency, ok, failures);
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Map<String, Long> kinds = new TreeMap<>();
    failures.forEach((kind, n) -> kinds.put(kind, n.get()));
    return new Round(latency, ok.get(), kinds, upstream.takeStreamsMax());
  }

  /** One stream: its first partial's latency recorded when it ran whole and the upstream saw it. */
  private void stream(StreamCall call, String model, Histogram latency, AtomicLong ok,
                      Map<String, AtomicLong> failures) {
    long id = ids.incrementAndGet();
    String failure;
    try {
      StreamCall.Result result = call.send(StreamCall.body(model, id, PARTIALS), TIMEOUT_MILLIS);
      long sent = upstream.firstPartialSent(id);
      if (result.complete(PARTIALS) && sent > 0) {
        latency.recordValue(Math.max(1, result.firstEventNanos() - sent));
        ok.incrementAndGet();
        return;
      }
      failure = result.status() != 200 ? "status " + result.status() + ": " + result.errorBody().strip()
          : sent <= 0 ? "the upstream never sent this stream's first partial"
          : "incomplete stream: " + result.events() + " events, first is partial 0: " + result.firstIsPartialZero()
              + ", last is completed: " + result.lastIsCompleted();
    } catch (IOException e) {
      upstream.firstPartialSent(id);
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    String kind = failure.length() > 200 ? failure.substring(0, 200) : failure;
    if (failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet() == 1) {
      System.err.println("stream failed: " + kind);
    }
  }

  private static void report(String target, int round, Round measured, Histogram all, Double gatewayCpuMs) {
    all.add(measured.latency());
    long failed = measured.failures().values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("STREAMS target=%s round=%d ok=%d failed=%d upstream_streams_max=%d p50_ms=%.3f p99_ms=%.3f "
            + "max_ms=%.3f%s%n", target, round, measured.ok(), failed, measured.upstreamStreamsMax(),
        ms(measured.latency(), 50), ms(measured.latency(), 99), measured.latency().getMaxValue() / 1e6,
        gatewayCpuMs == null ? "" : String.format(" gateway_cpu_ms_per_stream=%.2f", gatewayCpuMs));
    measured.failures().forEach((kind, n) -> System.out.printf("STREAMS error %s: %d%n", kind, n));
  }

  /** Every round of each side together: p50/p99, what the gateway added to each, the ratios and the verdicts. */
  private static void summary(int concurrency, Histogram direct, Histogram gateway) {
    if (gateway == null) {
      System.out.printf("STREAMSUMMARY concurrency=%d direct_streams=%d direct_p50_ms=%.3f direct_p99_ms=%.3f "
          + "(no gateway: direct only)%n", concurrency, direct.getTotalCount(), ms(direct, 50), ms(direct, 99));
      return;
    }
    double added50 = ms(gateway, 50) - ms(direct, 50);
    double added99 = ms(gateway, 99) - ms(direct, 99);
    System.out.printf("STREAMSUMMARY concurrency=%d direct_streams=%d gateway_streams=%d direct_p50_ms=%.3f "
            + "direct_p99_ms=%.3f gateway_p50_ms=%.3f gateway_p99_ms=%.3f added_p50_ms=%.3f added_p99_ms=%.3f "
            + "ratio_p50=%.2f ratio_p99=%.2f p50_added_target_ms=%.0f p50=%s p99_added_target_ms=%.0f p99=%s%n",
        concurrency, direct.getTotalCount(), gateway.getTotalCount(), ms(direct, 50), ms(direct, 99),
        ms(gateway, 50), ms(gateway, 99), added50, added99, ms(gateway, 50) / ms(direct, 50),
        ms(gateway, 99) / ms(direct, 99), ADDED_P50_TARGET_MS, added50 <= ADDED_P50_TARGET_MS ? "PASS" : "FAIL",
        ADDED_P99_TARGET_MS, added99 <= ADDED_P99_TARGET_MS ? "PASS" : "FAIL");
  }

  /** Many slow streams through the gateway at once, its RSS sampled; one {@code STREAMHOLD} line. */
  private void hold(URI gateway, Args args, ProcStatus process) throws InterruptedException {
    int count = (int) args.number("hold-count", 1000);
    long rate = args.number("hold-rate", 500);
    Histogram latency = histogram();
    AtomicLong ok = new AtomicLong();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    StreamCall call = new StreamCall(gateway);
    long before = process.rssKb();
    boolean reset = process.resetPeak();
    AtomicLong peak = new AtomicLong(before);
    Thread sampler = Thread.ofPlatform().daemon().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(process.rssKb(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    upstream.takeStreamsMax();
    long started = System.nanoTime();
    List<Thread> streams = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long wait = started + i * 1_000_000_000L / rate - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      streams.add(Thread.startVirtualThread(() -> stream(call, "bench-stream-hold", latency, ok, failures)));
    }
    for (Thread stream : streams) {
      stream.join();
    }
    sampler.interrupt();
    sampler.join();
    double peakMb = Math.max(peak.get(), process.peakRssKb()) / 1024.0;
    System.out.printf("STREAMHOLD count=%d ok=%d upstream_streams_max=%d seconds=%.1f partial_mb_streamed=%.0f "
            + "rss_before_mb=%.1f rss_sampled_peak_mb=%.1f vmhwm_mb=%.1f hwm_reset=%b rss_after_mb=%.1f "
            + "first_partial_p50_ms=%.1f first_partial_p99_ms=%.1f rss_target_mb=%.0f rss=%s%n", count, ok.get(),
        upstream.takeStreamsMax(), (System.nanoTime() - started) / 1e9,
        (double) count * PARTIALS * upstream.eventBytes(0) / 1048576, before / 1024.0, peak.get() / 1024.0,
        process.peakRssKb() / 1024.0, reset, process.rssKb() / 1024.0, ms(latency, 50), ms(latency, 99),
        RSS_TARGET_MB, peakMb <= RSS_TARGET_MB && ok.get() == count ? "PASS" : "FAIL");
    new TreeMap<>(failures).forEach((kind, n) -> System.out.printf("STREAMHOLD error %s: %d%n", kind, n.get()));
  }

  private static Histogram histogram() {
    return new ConcurrentHistogram(1, TimeUnit.MINUTES.toNanos(10), 3);
  }

  private static double ms(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
  }
}
