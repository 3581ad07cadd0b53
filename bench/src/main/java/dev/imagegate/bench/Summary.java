package dev.imagegate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the result lines {@code run.sh} collected ({@code WRK}, {@code OPENLOOP}, {@code HOLD}, {@code META}, each
 * {@code key=value ...}) and prints one table: direct versus gateway, their ratios, and PASS/FAIL against the targets.
 * Exits 1 when a target fails. Rounds are interleaved; each figure is the median over rounds, and each ratio the
 * median of the per-round ratios.
 *
 * <p>Usage: {@code Summary results.txt}
 */
public final class Summary {
  static final double SMALL_RATIO_TARGET = 0.25;
  static final double LARGE_RATIO_TARGET = 0.40;
  static final double ADDED_P50_TARGET_MS = 0.5;
  static final double RSS_TARGET_MB = 512;
  /** The durable spend write: small-answer throughput with the journal over without it, and the added p50. */
  static final double JOURNAL_RATIO_TARGET = 0.90;
  static final double JOURNAL_ADDED_P50_TARGET_MS = 1.0;

  private final List<Map<String, String>> lines;
  private final Map<String, String> meta = new LinkedHashMap<>();
  private final List<String> verdicts = new ArrayList<>();

  private Summary(List<Map<String, String>> lines) {
    this.lines = lines;
    lines.stream().filter(l -> l.get("@").equals("META")).forEach(meta::putAll);
  }

  public static void main(String[] args) throws IOException {
    List<Map<String, String>> lines = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      Map<String, String> fields = parse(line);
      if (fields != null) {
        lines.add(fields);
      }
    }
    Summary summary = new Summary(lines);
    summary.print();
    System.exit(summary.verdicts.stream().allMatch("PASS"::equals) ? 0 : 1);
  }

  static Map<String, String> parse(String line) {
    String[] tokens = line.trim().split("\\s+");
    if (tokens.length == 0 || !List.of("WRK", "OPENLOOP", "HOLD", "META").contains(tokens[0])) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("@", tokens[0]);
    for (int i = 1; i < tokens.length; i++) {
      int eq = tokens[i].indexOf('=');
      if (eq > 0) {
        fields.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
      }
    }
    return fields;
  }

  private void print() {
    System.out.println();
    System.out.printf("imagegate gateway vs direct-to-upstream, same run, interleaved rounds (%s)%n",
        meta.getOrDefault("date", "?"));
    System.out.printf("machine: %s cores, load average before %s, after %s; %s%n", meta.get("cores"),
        meta.get("load_before"), meta.get("load_after"), meta.getOrDefault("jdk", ""));
    System.out.printf("gateway JVM: %s; wrk -t%s -c%s -d%ss x %s rounds (median)%n%n",
        meta.getOrDefault("gateway_opts", "").replace(',', ' '), meta.get("threads"), meta.get("connections"),
        meta.get("seconds"), meta.get("rounds"));
    System.out.printf("%-22s %9s %8s %8s | %9s %8s %8s | %6s %8s %s%n", "closed loop (wrk)", "direct/s", "p50",
        "p99", "gateway/s", "p50", "p99", "ratio", "target", "");
    throughput("small", "small (url, 148 B)", SMALL_RATIO_TARGET);
    throughput("large", "large (b64 1.5 MB)", LARGE_RATIO_TARGET);
    System.out.printf("%ngateway CPU per request: small %.0f us, large %.0f us (upstream: small %.0f us, large %.0f us"
            + " when called directly)%n", median(wrk("gateway-small"), "gw_cpu_us"),
        median(wrk("gateway-large"), "gw_cpu_us"), median(wrk("direct-small"), "up_cpu_us"),
        median(wrk("direct-large"), "up_cpu_us"));
    floor();
    addedLatency();
    journal();
    openLoop();
    hold();
    System.out.printf("%nresult: %s%n", verdicts.stream().allMatch("PASS"::equals) ? "PASS" : "FAIL");
  }

  private void throughput(String size, String label, double target) {
    List<Map<String, String>> direct = wrk("direct-" + size);
    List<Map<String, String>> gateway = wrk("gateway-" + size);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(direct.size(), gateway.size()); i++) {
      ratios.add(num(gateway.get(i), "rps") / num(direct.get(i), "rps"));
    }
    double ratio = median(ratios);
    System.out.printf("%-22s %9.0f %8s %8s | %9.0f %8s %8s | %6.2f %8s %s%s%n", label, median(direct, "rps"),
        ms(median(direct, "p50_us")), ms(median(direct, "p99_us")), median(gateway, "rps"),
        ms(median(gateway, "p50_us")), ms(median(gateway, "p99_us")), ratio, ">= " + target,
        verdict(ratio >= target), errors(direct, gateway));
  }

  /**
   * With {@code run.sh --floor}: the same ratios for {@code FloorProxy}, the bare Jetty server + client forwarding
   * with no imagegate logic, read whole (as the gateway) and streamed. Context, not a target.
   */
  private void floor() {
    List<String[]> floors = List.of(new String[] {"floor-small", "direct-small", "small, read whole"},
        new String[] {"floor-large", "direct-large", "large, read whole"},
        new String[] {"floorstream-large", "direct-large", "large, streamed"});
    if (wrk("floor-small").isEmpty() && wrk("floor-large").isEmpty()) {
      return;
    }
    System.out.printf("%nfloor: a bare Jetty proxy on the same stack, no imagegate logic (FloorProxy), same rounds:%n");
    for (String[] floor : floors) {
      List<Map<String, String>> proxy = wrk(floor[0]);
      List<Map<String, String>> direct = wrk(floor[1]);
      if (proxy.isEmpty()) {
        continue;
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < Math.min(direct.size(), proxy.size()); i++) {
        ratios.add(num(proxy.get(i), "rps") / num(direct.get(i), "rps"));
      }
      System.out.printf("  %-18s %9.0f req/s  p50 %8s  ratio %.2f  proxy CPU %.0f us per request%s%n", floor[2],
          median(proxy, "rps"), ms(median(proxy, "p50_us")), median(ratios), median(proxy, "gw_cpu_us"),
          errors(proxy, List.of()));
    }
  }

  private void addedLatency() {
    List<Map<String, String>> direct = wrk("c1-direct-small");
    List<Map<String, String>> gateway = wrk("c1-gateway-small");
    List<Double> added = new ArrayList<>();
    for (int i = 0; i < Math.min(direct.size(), gateway.size()); i++) {
      added.add((num(gateway.get(i), "p50_us") - num(direct.get(i), "p50_us")) / 1000);
    }
    double addedMs = median(added);
    System.out.printf("%nadded latency, 1 connection, small: p50 direct %s, gateway %s, added %.3f ms "
            + "(target <= %.1f ms) %s; p99 direct %s, gateway %s%n", ms(median(direct, "p50_us")),
        ms(median(gateway, "p50_us")), addedMs, ADDED_P50_TARGET_MS, verdict(addedMs <= ADDED_P50_TARGET_MS),
        ms(median(direct, "p99_us")), ms(median(gateway, "p99_us")));
    List<Map<String, String>> directLarge = wrk("c1-direct-large");
    List<Map<String, String>> gatewayLarge = wrk("c1-gateway-large");
    if (!directLarge.isEmpty() && !gatewayLarge.isEmpty()) {
      System.out.printf("added latency, 1 connection, large: p50 direct %s, gateway %s, added %.3f ms%n",
          ms(median(directLarge, "p50_us")), ms(median(gatewayLarge, "p50_us")),
          (median(gatewayLarge, "p50_us") - median(directLarge, "p50_us")) / 1000);
    }
  }

  /**
   * The durable spend write: the journaled gateway against the same gateway with {@code spend_journal: false}, same
   * rounds (small answers, where the journal's share is largest), and the journal's fsyncs at full load.
   */
  private void journal() {
    List<Map<String, String>> journaled = wrk("gateway-small");
    List<Map<String, String>> off = wrk("nojournal-small");
    if (off.isEmpty()) {
      return;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(journaled.size(), off.size()); i++) {
      ratios.add(num(journaled.get(i), "rps") / num(off.get(i), "rps"));
    }
    double ratio = median(ratios);
    System.out.printf("%ndurable spend write (journal fsync on vs spend_journal: false), small, %s connections:%n"
            + "  throughput %.0f vs %.0f req/s, ratio %.2f (target >= %.2f) %s%n", meta.get("connections"),
        median(journaled, "rps"), median(off, "rps"), ratio, JOURNAL_RATIO_TARGET,
        verdict(ratio >= JOURNAL_RATIO_TARGET));
    List<Double> fsyncsPerSecond = new ArrayList<>();
    List<Double> rowsPerFsync = new ArrayList<>();
    for (Map<String, String> run : journaled) {
      fsyncsPerSecond.add(num(run, "syncs") / (num(run, "duration_us") / 1e6));
      rowsPerFsync.add(num(run, "rows") / Math.max(1, num(run, "syncs")));
    }
    System.out.printf("  at full load: %.0f fsyncs/s, %.1f rows per fsync%n", median(fsyncsPerSecond),
        median(rowsPerFsync));
    List<Map<String, String>> large = wrk("gateway-large");
    List<Map<String, String>> largeOff = wrk("nojournal-large");
    List<Double> largeRatios = new ArrayList<>();
    for (int i = 0; i < Math.min(large.size(), largeOff.size()); i++) {
      largeRatios.add(num(large.get(i), "rps") / num(largeOff.get(i), "rps"));
    }
    if (!largeRatios.isEmpty()) {
      System.out.printf("  large answers: %.0f vs %.0f req/s, ratio %.2f%n", median(large, "rps"),
          median(largeOff, "rps"), median(largeRatios));
    }
    List<Map<String, String>> one = wrk("c1-gateway-small");
    List<Map<String, String>> oneOff = wrk("c1-nojournal-small");
    List<Double> added = new ArrayList<>();
    for (int i = 0; i < Math.min(one.size(), oneOff.size()); i++) {
      added.add((num(one.get(i), "p50_us") - num(oneOff.get(i), "p50_us")) / 1000);
    }
    double addedMs = median(added);
    System.out.printf("  1 connection: p50 %s vs %s, added %.3f ms (target < %.1f ms) %s; %.0f fsyncs/s%n",
        ms(median(one, "p50_us")), ms(median(oneOff, "p50_us")), addedMs, JOURNAL_ADDED_P50_TARGET_MS,
        verdict(addedMs < JOURNAL_ADDED_P50_TARGET_MS),
        median(one.stream().map(r -> num(r, "syncs") / (num(r, "duration_us") / 1e6)).toList()));
  }

  private void openLoop() {
    System.out.printf("%nopen loop (fixed arrival rate, latency from the intended send time):%n");
    for (String size : List.of("small", "large")) {
      for (String target : List.of("direct", "gateway")) {
        lines.stream().filter(l -> l.get("@").equals("OPENLOOP") && l.get("label").equals(target + "-" + size))
            .forEach(l -> System.out.printf("  %-14s @ %5.0f/s: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s"
                    + "  ok %s/%s%n", target + "-" + size, num(l, "rate"), ms(num(l, "p50_us")),
                ms(num(l, "p90_us")), ms(num(l, "p99_us")), ms(num(l, "p999_us")), ms(num(l, "max_us")),
                l.get("ok"), l.get("sent")));
      }
    }
  }

  private void hold() {
    lines.stream().filter(l -> l.get("@").equals("HOLD")).forEach(l -> {
      double peak = Math.max(num(l, "vmhwm_mb"), num(l, "rss_sampled_peak_mb"));
      boolean allOk = l.get("ok").equals(l.get("count"));
      System.out.printf("%nmemory: %s large responses in flight (upstream held %s at once for 5 s): %s ok, "
              + "%s failed, done in %s s%n  gateway RSS before %.0f MB, peak %.0f MB (VmHWM), after %.0f MB "
              + "(target <= %.0f MB, all ok) %s%n", l.get("count"), l.get("held_max"), l.get("ok"),
          l.get("errors"), l.get("seconds"), num(l, "rss_before_mb"), peak, num(l, "rss_after_mb"), RSS_TARGET_MB,
          verdict(allOk && peak <= RSS_TARGET_MB));
    });
  }

  private String verdict(boolean pass) {
    String verdict = pass ? "PASS" : "FAIL";
    verdicts.add(verdict);
    return verdict;
  }

  private static String errors(List<Map<String, String>> direct, List<Map<String, String>> gateway) {
    double failed = direct.stream().mapToDouble(l -> num(l, "errors")).sum()
        + gateway.stream().mapToDouble(l -> num(l, "errors")).sum();
    return failed > 0 ? String.format(" (%.0f errors)", failed) : "";
  }

  private List<Map<String, String>> wrk(String scenario) {
    return lines.stream().filter(l -> l.get("@").equals("WRK") && scenario.equals(l.get("scenario"))).toList();
  }

  private static double median(List<Map<String, String>> runs, String key) {
    return median(runs.stream().map(l -> num(l, key)).toList());
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  private static double num(Map<String, String> line, String key) {
    String value = line.get(key);
    return value == null ? Double.NaN : Double.parseDouble(value);
  }

  private static String ms(double micros) {
    if (Double.isNaN(micros)) {
      return "-";
    }
    return micros < 10_000 ? String.format("%.2fms", micros / 1000) : String.format("%.0fms", micros / 1000);
  }
}
