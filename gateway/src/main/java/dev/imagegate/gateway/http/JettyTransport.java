package dev.imagegate.gateway.http;

import dev.imagegate.provider.HttpTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's upstream transport: Jetty's HTTP client (measured faster than the JDK client on multi-megabyte
 * bodies), TCP_NODELAY on every connection, 64 KB per socket read, callers blocking on virtual threads. Jetty reads
 * each answer on a virtual thread of its own ({@link ResponseCollector}) and the caller is woken once, when it is
 * complete. (Reading on the selector thread instead saves a thread hop on small answers but serialises large ones:
 * measured slower on 1.5 MB answers, see the README's performance section.) Thread-safe; one per gateway, closed
 * with it.
 */
public final class JettyTransport implements HttpTransport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(JettyTransport.class.getName());
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
  private static final Duration STOP_BOUND = Duration.ofSeconds(5);
  /**
   * Bytes read from an upstream socket per read call. Jetty's default of 16 KB costs about 95 reads, each with its
   * own content callback, per 1.5 MB image answer; 64 KB cuts that fourfold.
   */
  private static final int RESPONSE_BUFFER_BYTES = 64 * 1024;

  private final HttpClient client;
  private final Duration connectTimeout;
  private final long maxResponseBytes;

  /**
   * @param maxResponseBytes answers larger than this fail as a broken connection (an upstream cannot exhaust memory)
   */
  public JettyTransport(Duration connectTimeout, int maxConnectionsPerDestination, long maxResponseBytes) {
    this.connectTimeout = connectTimeout;
    this.maxResponseBytes = maxResponseBytes;
    ClientConnector connector = new ClientConnector();
    connector.setTCPNoDelay(true);
    connector.setConnectTimeout(connectTimeout);
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("imagegate-upstream");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    connector.setExecutor(pool);
    this.client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setExecutor(pool);
    client.setMaxConnectionsPerDestination(maxConnectionsPerDestination);
    client.setResponseBufferSize(RESPONSE_BUFFER_BYTES);
    client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
    // a 3xx is the answer: provider APIs do not redirect, and image downloads check every hop themselves
    client.setFollowRedirects(false);
    client.setUserAgentField(null);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the upstream HTTP client", e);
    }
    // installed by start(): a 401 without WWW-Authenticate is a normal provider answer, not a challenge to handle
    client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
  }

  public JettyTransport() {
    this(Duration.ofSeconds(10), 4096, 256L * 1024 * 1024);
  }

  @Override
  public Response send(HttpTransport.Request request) throws IOException, InterruptedException {
    Duration timeout = request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout();
    org.eclipse.jetty.client.Request outgoing = client.newRequest(request.uri())
        .method(request.method())
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .headers(headers -> request.headers().forEach(headers::put));
    if (request.body() != null) {
      outgoing.body(new BytesRequestContent(contentType(request.headers()), request.body()));
    } else if (request.content() != null) {
      outgoing.body(streamed(contentType(request.headers()), request.content()));
    }
    ResponseCollector collector = new ResponseCollector(maxResponseBytes);
    outgoing.send(collector);
    try {
      // untimed: the request's own timeout (above) completes it with a failure; a timed wait would also put every
      // call through the virtual-thread scheduler's timer queue
      return collector.done().get();
    } catch (ExecutionException e) {
      throw failure(e.getCause(), timeout);
    } catch (InterruptedException e) {
      outgoing.abort(e);
      throw e;
    }
  }

  /**
   * A body read from the content's stream as Jetty sends it, 64 KB per read (never whole in memory: a 400 MB upload
   * went out under a 48 MB heap), with its length declared.
   */
  private static org.eclipse.jetty.client.Request.Content streamed(String contentType, HttpTransport.Content content)
      throws IOException {
    long length = content.length();
    return new InputStreamRequestContent(contentType, content.open(), RESPONSE_BUFFER_BYTES) {
      @Override
      public long getLength() {
        return length;
      }
    };
  }

  private static String contentType(Map<String, String> headers) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase("Content-Type")) {
        return header.getValue();
      }
    }
    return "application/octet-stream";
  }

  private IOException failure(Throwable cause, Duration timeout) {
    if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
      return timeout(timeout);
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ConnectException refused) {
        return refused;
      }
      if (t instanceof java.net.SocketTimeoutException && t.getMessage() != null
          && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect")) {
        return new HttpConnectTimeoutException("connect timed out after " + connectTimeout.toMillis() + " ms");
      }
      if (t instanceof TimeoutException) {
        return timeout(timeout);
      }
    }
    return cause instanceof IOException io ? io : new IOException(cause);
  }

  private static HttpTimeoutException timeout(Duration timeout) {
    return new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
  }

  /**
   * Stops the client, waiting for it at most {@link #STOP_BOUND}: Jetty's selector stop waits without a timeout for
   * its selector thread, and was once seen to wait forever on SIGTERM after a load test. Past the bound the client is
   * abandoned with a warning (the process is exiting), so what closes after it (the spend rows' flush) still runs.
   */
  @Override
  public void close() {
    try {
      if (!BoundedStop.within(STOP_BOUND, "imagegate-upstream-stop", client::stop)) {
        LOG.log(System.Logger.Level.WARNING, "the upstream HTTP client did not stop within {0} s; abandoning it",
            STOP_BOUND.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the upstream HTTP client", e);
    }
  }
}
