package dev.imagegate.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load generator's HTTP client: Jetty's, keep-alive, TCP_NODELAY, bodies counted and dropped as they arrive (a
 * 1.5 MB answer is never held). {@link #post} blocks, and is meant to be called from a virtual thread per request.
 */
final class BenchClient implements AutoCloseable {
  private final HttpClient client;

  /** The outcome of one request: HTTP status (0 on a transport failure), body bytes, and the failure if any. */
  record Outcome(int status, long bytes, Throwable failure) {
    boolean ok() {
      return failure == null && status == 200;
    }
  }

  BenchClient(int maxConnections) throws Exception {
    ClientConnector connector = new ClientConnector();
    connector.setTCPNoDelay(true);
    QueuedThreadPool pool = new QueuedThreadPool(16, 2);
    pool.setName("bench-client");
    connector.setExecutor(pool);
    client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setExecutor(pool);
    client.setMaxConnectionsPerDestination(maxConnections);
    client.setMaxRequestsQueuedPerDestination(1_000_000);
    client.setUserAgentField(null);
    client.setIdleTimeout(120_000);
    client.start();
  }

  Outcome post(String url, byte[] json, long timeoutMillis) throws InterruptedException {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    long[] bytes = new long[1];
    client.POST(url)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .body(new BytesRequestContent("application/json", json))
        .send(new Response.Listener() {
          @Override
          public void onContent(Response response, ByteBuffer content) {
            bytes[0] += content.remaining();
          }

          @Override
          public void onComplete(Result result) {
            done.complete(new Outcome(result.getResponse().getStatus(), bytes[0], result.getFailure()));
          }
        });
    try {
      return done.get();
    } catch (ExecutionException e) {
      return new Outcome(0, 0, e.getCause());
    }
  }

  /** A plain GET whose body is returned as text (for the upstream's {@code /stats}). */
  String get(String url) throws Exception {
    return client.GET(url).getContentAsString();
  }

  /** A POST with an empty body, returning the answer as text. */
  String postEmpty(String url) throws Exception {
    return client.POST(url).send().getContentAsString();
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
