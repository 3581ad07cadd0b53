package dev.imagegate.gateway.observe;

import dev.imagegate.error.ImageGateException;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.provider.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

/**
 * One line per request once its response is complete: time, method, path, status, latency, and for image calls the
 * call id, the key (its alias, else the first 8 hex digits of its hash), model group, deployment, cost and attempts;
 * a 5xx or an upstream failure adds its cause. Text by default, JSON lines with {@code litellm_settings.json_logs:
 * true} (or env {@code JSON_LOGS=true}), as LiteLLM. Never a key, a prompt, an image, or the query string: key
 * segments of admin paths and image file tokens are cut. Handlers attach what they know with
 * {@link Exchange#note}.
 * Thread-safe: lines are written in the order their requests completed, a batch at a time by one request while the
 * others go on (one write and no wait on the stream's lock per line under load).
 */
public final class AccessLog implements RequestLog {
  private final PrintStream out;
  private final Clock clock;
  private final boolean json;
  private final Queue<String> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  public AccessLog(PrintStream out, Clock clock, boolean json) {
    this.out = out;
    this.clock = clock;
    this.json = json;
  }

  @Override
  public void log(Request request, Response response) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    line.put("method", request.getMethod());
    line.put("path", scrub(request.getHttpURI().getPath()));
    line.put("status", response.getStatus());
    line.put("latency_ms", TimeUnit.NANOSECONDS.toMillis(NanoTime.since(request.getBeginNanoTime())));
    line.put("call_id", response.getHeaders().get("x-imagegate-call-id"));
    line.put("key", Exchange.noted(request, "key"));
    line.put("model_group", Exchange.noted(request, "model_group"));
    line.put("deployment", response.getHeaders().get("x-imagegate-model-id"));
    line.put("cost_usd", response.getHeaders().get("x-imagegate-response-cost"));
    line.put("attempts", Exchange.noted(request, "attempts"));
    line.put("cause", cause(Exchange.noted(request, "failure"), response.getStatus()));
    line.values().removeIf(value -> value == null);
    pending.add(json ? Json.writeString(line) : text(line));
    writePending();
  }

  /**
   * Writes the queued lines unless another request is writing them; that one looks at the queue again once it is done,
   * so no line waits for a later request.
   */
  private void writePending() {
    while (!pending.isEmpty() && writing.compareAndSet(false, true)) {
      try {
        StringBuilder batch = new StringBuilder();
        for (String line = pending.poll(); line != null; line = pending.poll()) {
          batch.append(line).append(System.lineSeparator());
        }
        out.print(batch);
      } finally {
        writing.set(false);
      }
    }
  }

  /** Whether {@code litellm_settings.json_logs} (or env {@code JSON_LOGS}) asks for JSON lines. */
  public static boolean jsonRequested(boolean configured, String env) {
    return configured || "true".equalsIgnoreCase(env == null ? null : env.trim());
  }

  private static String text(Map<String, Object> line) {
    StringBuilder text = new StringBuilder();
    text.append(line.remove("time")).append(' ').append(line.remove("method")).append(' ')
        .append(line.remove("path")).append(' ').append(line.remove("status")).append(' ')
        .append(line.remove("latency_ms")).append("ms");
    line.forEach((name, value) -> text.append(' ').append(name).append('=')
        .append(name.equals("cause") ? Json.writeString(value) : value));
    return text.toString();
  }

  /** The cause of a 5xx or of a failure that came from upstream, in one line; else null. */
  private static String cause(Object failure, int status) {
    if (!(failure instanceof Throwable thrown)) {
      return null;
    }
    if (thrown instanceof ImageGateException sdk) {
      boolean upstream = sdk.upstreamStatus().isPresent() || status >= 500;
      return upstream ? oneLine(sdk.getClass().getSimpleName() + ": " + sdk.getMessage()) : null;
    }
    return status >= 500 ? oneLine(thrown.getClass().getName()) : null;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /** The path without what a log must not hold: a key in {@code /key/{key}/...}, an image file's token. */
  public static String scrub(String path) {
    if (path == null) {
      return "";
    }
    if (path.startsWith("/key/") && path.indexOf('/', 5) > 0) {
      return "/key/<key>" + path.substring(path.indexOf('/', 5));
    }
    String files = "/v1/images/files/";
    if (path.startsWith(files) && path.length() > files.length() + 8) {
      return path.substring(0, files.length() + 8) + "...";
    }
    return path;
  }
}
