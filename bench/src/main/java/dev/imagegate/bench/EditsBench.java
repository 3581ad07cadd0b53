package dev.imagegate.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The edit benchmark: an edit carrying a ~4 MB PNG upload (multipart, as OpenAI clients send it), sent by
 * {@code --connections} closed-loop clients straight to the mock upstream and through the gateway, in alternating
 * rounds; then {@code --hold-count} such uploads in flight through the gateway at once (the upstream holds each answer
 * for 5 s) while the gateway's resident memory is sampled. Prints {@code EDIT} and {@code EDITHOLD} lines.
 *
 * <p>Usage: {@code EditsBench --gateway URL --upstream URL --pid GATEWAY_PID [--rounds 2] [--seconds 10]
 * [--connections 8] [--hold-count 100]}
 */
public final class EditsBench {
  private static final String BOUNDARY = "----imagegate-bench";

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String gateway = args.text("gateway", "http://127.0.0.1:18080");
    String upstream = args.text("upstream", "http://127.0.0.1:18081");
    int rounds = (int) args.number("rounds", 2);
    int seconds = (int) args.number("seconds", 10);
    int connections = (int) args.number("connections", 8);
    byte[] png = png();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    byte[] direct = form(png, "bench-edit");
    byte[] viaGateway = form(png, "bench-edit");
    System.err.printf("upload: %d bytes of PNG, %d bytes of form%n", png.length, direct.length);
    load(client, upstream + "/small/v1/images/edits", direct, connections, 3, null);
    load(client, gateway + "/v1/images/edits", viaGateway, connections, 5, null);
    Histogram directLatency = new Histogram(1, TimeUnit.MINUTES.toMicros(5), 3);
    Histogram gatewayLatency = new Histogram(1, TimeUnit.MINUTES.toMicros(5), 3);
    long directOk = 0;
    long gatewayOk = 0;
    double directSeconds = 0;
    double gatewaySeconds = 0;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      directOk += load(client, upstream + "/small/v1/images/edits", direct, connections, seconds, directLatency);
      directSeconds += (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      gatewayOk += load(client, gateway + "/v1/images/edits", viaGateway, connections, seconds, gatewayLatency);
      gatewaySeconds += (System.nanoTime() - start) / 1e9;
    }
    System.out.printf("EDIT upload_bytes=%d connections=%d direct_rps=%.1f gateway_rps=%.1f ratio=%.2f "
            + "direct_p50_ms=%.1f direct_p99_ms=%.1f gateway_p50_ms=%.1f gateway_p99_ms=%.1f%n", direct.length,
        connections, directOk / directSeconds, gatewayOk / gatewaySeconds,
        (gatewayOk / gatewaySeconds) / (directOk / directSeconds),
        directLatency.getValueAtPercentile(50) / 1000.0, directLatency.getValueAtPercentile(99) / 1000.0,
        gatewayLatency.getValueAtPercentile(50) / 1000.0, gatewayLatency.getValueAtPercentile(99) / 1000.0);
    hold(client, gateway, png, (int) args.number("hold-count", 100), new ProcStatus(args.number("pid", -1)));
  }

  /** Closed loop for {@code seconds}: each of {@code connections} virtual threads sends the next call at once. */
  private static long load(HttpClient client, String url, byte[] body, int connections, int seconds,
                           Histogram latency) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      workers.add(Thread.startVirtualThread(() -> {
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          if (post(client, url, body)) {
            ok.incrementAndGet();
            if (latency != null) {
              synchronized (latency) {
                latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
              }
            }
          } else if (failed.incrementAndGet() <= 3) {
            System.err.println("edit failed: " + url);
          }
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return ok.get();
  }

  /** {@code count} uploads at once through the gateway to an upstream that holds each answer for 5 s. */
  private static void hold(HttpClient client, String gateway, byte[] png, int count, ProcStatus process)
      throws Exception {
    byte[] body = form(png, "bench-edit-hold");
    long before = process.rssKb();
    boolean reset = process.resetPeak();
    AtomicLong peak = new AtomicLong(before);
    AtomicLong ok = new AtomicLong();
    Histogram latency = new ConcurrentHistogram(1, TimeUnit.MINUTES.toMicros(5), 3);
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
    List<Thread> calls = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      calls.add(Thread.startVirtualThread(() -> {
        long start = System.nanoTime();
        if (post(client, gateway + "/v1/images/edits", body)) {
          ok.incrementAndGet();
          latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        }
      }));
    }
    for (Thread call : calls) {
      call.join();
    }
    sampler.interrupt();
    sampler.join();
    System.out.printf("EDITHOLD count=%d ok=%d bytes_in_flight_mb=%.0f seconds=%.1f rss_before_mb=%.1f "
            + "rss_sampled_peak_mb=%.1f vmhwm_mb=%.1f hwm_reset=%b p50_ms=%.0f p99_ms=%.0f%n", count, ok.get(),
        (double) count * body.length / 1048576, (System.nanoTime() - started) / 1e9, before / 1024.0,
        peak.get() / 1024.0, process.peakRssKb() / 1024.0, reset, latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0);
  }

  private static boolean post(HttpClient client, String url, byte[] body) {
    try {
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
          .header("Authorization", "Bearer sk-bench").timeout(Duration.ofMinutes(2))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** A PNG of random pixels (incompressible): about 4 MB. */
  static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(1180, 1180, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(7);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static byte[] form(byte[] png, String model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n"
        + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nadd a red hat\r\n"
        + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"cat.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(png);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
