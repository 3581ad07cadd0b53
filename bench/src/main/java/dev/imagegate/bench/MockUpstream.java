package dev.imagegate.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
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
 * An OpenAI-compatible images upstream that costs as little as possible, so the benchmark measures the gateway: Jetty
 * core handlers that never block, answers written from pre-built direct buffers (shared, never copied).
 *
 * <ul>
 *   <li>{@code POST /small/v1/images/generations}: a small {@code url} response;</li>
 *   <li>{@code POST /large/v1/images/generations}: a ~1.5 MB {@code b64_json} response;</li>
 *   <li>{@code POST /hold/<ms>/(small|large)/v1/images/generations}: the same after {@code ms} milliseconds, timed by
 *       a scheduler (no thread waits); {@code <ms>} may be a range, {@code 5000-30000}, drawn uniformly per call;</li>
 *   <li>{@code .../v1/images/edits} likewise (the multipart upload is read and dropped);</li>
 *   <li>{@code GET /stats}: held requests and open connections, now and at most since {@code POST /stats}.</li>
 * </ul>
 *
 * <p>Usage: {@code MockUpstream [port] [h2c-streams]} (default 18081, 128), listens on 127.0.0.1 and speaks HTTP/1.1 and
 * HTTP/2 by prior knowledge (h2c) on the same port, allowing {@code h2c-streams} concurrent streams per connection.
 */
public final class MockUpstream extends Handler.Abstract.NonBlocking {
  private static final String TAIL = "/v1/images/generations";
  private static final String EDITS = "/v1/images/edits";

  private final ByteBuffer small = direct(Payloads.small());
  private final ByteBuffer large = direct(Payloads.large());
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "mock-upstream-timer");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger heldNow = new AtomicInteger();
  private final AtomicInteger heldMax = new AtomicInteger();
  private final AtomicInteger connectionsNow = new AtomicInteger();
  private final AtomicInteger connectionsMax = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18081;
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    MockUpstream upstream = new MockUpstream();
    QueuedThreadPool pool = new QueuedThreadPool(32, 2);
    pool.setName("mock-upstream");
    Server server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
    h2c.setMaxConcurrentStreams(streams);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config), h2c);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    connector.setAcceptedTcpNoDelay(true);
    connector.addBean(new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        upstream.connectionsMax.accumulateAndGet(upstream.connectionsNow.incrementAndGet(), Math::max);
      }

      @Override
      public void onClosed(Connection connection) {
        upstream.connectionsNow.decrementAndGet();
      }
    });
    server.addConnector(connector);
    server.setHandler(upstream);
    server.start();
    System.out.printf("mock upstream on http://127.0.0.1:%d, HTTP/1.1 and h2c with %d streams per connection "
        + "(small %d bytes, large %d bytes)%n", connector.getLocalPort(), streams, upstream.small.remaining(),
        upstream.large.remaining());
    server.join();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (path.startsWith("/stats")) {
      return stats(request, response, callback);
    }
    String tail = path.endsWith(EDITS) ? EDITS : TAIL;
    if (!"POST".equals(request.getMethod()) || !path.endsWith(tail)) {
      return false;
    }
    String[] parts = path.substring(1, path.length() - tail.length()).split("/");
    ByteBuffer body = parts[parts.length - 1].equals("large") ? large : small;
    long holdMillis = parts.length == 3 && parts[0].equals("hold") ? holdMillis(parts[1]) : 0;
    Content.Source.consumeAll(request, Callback.from(() -> answer(response, callback, body, holdMillis),
        callback::failed));
    return true;
  }

  /** {@code 5000}: that many milliseconds; {@code 5000-30000}: uniformly at random between the two. */
  private static long holdMillis(String spec) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Long.parseLong(spec);
    }
    long low = Long.parseLong(spec.substring(0, dash));
    long high = Long.parseLong(spec.substring(dash + 1));
    return java.util.concurrent.ThreadLocalRandom.current().nextLong(low, high + 1);
  }

  private void answer(Response response, Callback callback, ByteBuffer body, long holdMillis) {
    if (holdMillis <= 0) {
      write(response, callback, body);
      return;
    }
    heldMax.accumulateAndGet(heldNow.incrementAndGet(), Math::max);
    timer.schedule(() -> {
      heldNow.decrementAndGet();
      write(response, callback, body);
    }, holdMillis, TimeUnit.MILLISECONDS);
  }

  private static void write(Response response, Callback callback, ByteBuffer body) {
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
    response.getHeaders().put("x-request-id", "bench");
    response.write(true, body.slice(), callback);
  }

  private boolean stats(Request request, Response response, Callback callback) {
    if ("POST".equals(request.getMethod())) {
      heldMax.set(heldNow.get());
      connectionsMax.set(connectionsNow.get());
    }
    String json = "{\"held_now\":" + heldNow.get() + ",\"held_max\":" + heldMax.get() + ",\"connections_now\":"
        + connectionsNow.get() + ",\"connections_max\":" + connectionsMax.get() + "}";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static ByteBuffer direct(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }
}
