package dev.imagegate.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An upstream that streams OpenAI image events as {@code text/event-stream}: three
 * {@code image_generation.partial_image} events of ~1.5 MB of base64 each ({@link Payloads#png()}), then
 * {@code image_generation.completed} with the same image and {@code usage}. Each event is pre-built once into a
 * shared direct buffer and written as a slice, so the upstream costs next to nothing per stream.
 *
 * <p>{@code POST /stream/<delay-ms>/<gap-ms>/v1/images/generations}: the first partial goes out {@code delay-ms}
 * after the request, each next event {@code gap-ms} after the previous one was written (a timer, no thread waits;
 * the next event waits for the previous write, so a slow reader slows the stream instead of piling it up here).
 *
 * <p><b>When each first partial was sent</b> is kept in a side channel, not in the event: the gateway rebuilds each
 * event from its typed fields, so a field of our own would not reach the client, and {@code created_at} holds whole
 * seconds. The prompt names the stream ({@code "bench-stream <id>"}, which the gateway forwards as it is); just before
 * the first partial's bytes are handed to the socket, {@code System.nanoTime()} is recorded under that id. The
 * client runs in the same JVM ({@link StreamsBench}) and takes the time out with {@link #firstPartialSent}, so both
 * ends read one monotonic clock.
 */
public final class StreamUpstream extends Handler.Abstract.NonBlocking implements AutoCloseable {
  private static final String TAIL = "/v1/images/generations";
  private static final Pattern STREAM_ID = Pattern.compile("\"prompt\"\\s*:\\s*\"bench-stream (\\d+)\"");
  private static final int PARTIALS = 3;
  /** A fixed creation time: the events are identical on every run (the bench measures timing, not content). */
  private static final long CREATED_AT = 1796083200L;

  private final ByteBuffer[] events = new ByteBuffer[PARTIALS + 1];
  private final Map<Long, Long> firstPartialSent = new ConcurrentHashMap<>();
  private final AtomicInteger streamsNow = new AtomicInteger();
  private final AtomicInteger streamsMax = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "stream-upstream-timer");
    thread.setDaemon(true);
    return thread;
  });
  private Server server;

  StreamUpstream() {
    String base64 = Base64.getEncoder().encodeToString(Payloads.png());
    for (int i = 0; i < PARTIALS; i++) {
      events[i] = event("image_generation.partial_image", base64, ",\"partial_image_index\":" + i);
    }
    events[PARTIALS] = event("image_generation.completed", base64, ",\"usage\":{\"input_tokens\":12,"
        + "\"input_tokens_details\":{\"text_tokens\":12,\"image_tokens\":0},\"output_tokens\":572,"
        + "\"output_tokens_details\":{\"image_tokens\":572,\"text_tokens\":0},\"total_tokens\":584}");
  }

  /**
   * Runs the upstream on its own, to try a streaming client by hand: {@code StreamUpstream [port]} (default 18081),
   * e.g. {@code imagegate generate x --model openai/gpt-image-2 --api-base http://127.0.0.1:18081/stream/500/300/v1
   * --stream --partial-images 3}.
   */
  public static void main(String[] args) throws Exception {
    StreamUpstream upstream = new StreamUpstream();
    int port = upstream.start(args.length > 0 ? Integer.parseInt(args[0]) : 18081);
    System.out.printf("stream upstream on http://127.0.0.1:%d/stream/<delay-ms>/<gap-ms>/v1%n", port);
    upstream.server.join();
  }

  /** Starts listening on 127.0.0.1:{@code port} (0: any free port); returns the port. */
  int start(int port) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(16, 2);
    pool.setName("stream-upstream");
    server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(new HttpConfiguration()));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    connector.setAcceptedTcpNoDelay(true);
    server.addConnector(connector);
    server.setHandler(this);
    server.start();
    return connector.getLocalPort();
  }

  /** The bytes of one event as written: the {@code event:} line, the {@code data:} line, a blank line. */
  int eventBytes(int index) {
    return events[index].remaining();
  }

  /**
   * When stream {@code id}'s first partial was handed to the socket ({@code System.nanoTime()}), removed as it is
   * read; -1 when this upstream never sent it.
   */
  long firstPartialSent(long id) {
    Long sent = firstPartialSent.remove(id);
    return sent == null ? -1 : sent;
  }

  /** The most streams open at once since the last call (then reset to those open now). */
  int takeStreamsMax() {
    return streamsMax.getAndSet(streamsNow.get());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String[] parts = path.split("/");
    if (!"POST".equals(request.getMethod()) || !path.endsWith(TAIL) || parts.length != 7
        || !parts[1].equals("stream")) {
      return false;
    }
    long delay = Long.parseLong(parts[2]);
    long gap = Long.parseLong(parts[3]);
    Content.Source.asStringAsync(request, StandardCharsets.UTF_8).whenComplete((body, failure) -> {
      if (failure != null) {
        callback.failed(failure);
        return;
      }
      Matcher id = STREAM_ID.matcher(body);
      response.setStatus(HttpStatus.OK_200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      response.getHeaders().put("x-request-id", "bench-stream");
      streamsMax.accumulateAndGet(streamsNow.incrementAndGet(), Math::max);
      Callback done = Callback.from(() -> {
        streamsNow.decrementAndGet();
        callback.succeeded();
      }, failed -> {
        streamsNow.decrementAndGet();
        callback.failed(failed);
      });
      new Stream(response, done, id.find() ? Long.parseLong(id.group(1)) : -1, gap).sendAfter(0, delay);
    });
    return true;
  }

  /** One response's events, each written once the previous write completed and the gap passed. */
  private final class Stream {
    private final Response response;
    private final Callback done;
    private final long id;
    private final long gap;

    Stream(Response response, Callback done, long id, long gap) {
      this.response = response;
      this.done = done;
      this.id = id;
      this.gap = gap;
    }

    void sendAfter(int index, long millis) {
      timer.schedule(() -> send(index), millis, TimeUnit.MILLISECONDS);
    }

    private void send(int index) {
      boolean last = index == PARTIALS;
      if (index == 0 && id >= 0) {
        firstPartialSent.put(id, System.nanoTime());
      }
      response.write(last, events[index].slice(), Callback.from(() -> {
        if (last) {
          done.succeeded();
        } else {
          sendAfter(index + 1, gap);
        }
      }, done::failed));
    }
  }

  private static ByteBuffer event(String type, String base64, String tail) {
    String data = "{\"type\":\"" + type + "\",\"b64_json\":\"" + base64 + "\",\"created_at\":" + CREATED_AT
        + ",\"size\":\"1024x1024\",\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\"" + tail
        + "}";
    byte[] bytes = ("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
    timer.shutdownNow();
  }
}
