package dev.imagegate.gateway.http;

import dev.imagegate.provider.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's upstream transport: Jetty's HTTP client (measured faster than the JDK client on multi-megabyte
 * bodies), TCP_NODELAY on every connection, callers blocking on virtual threads. Thread-safe; one per gateway, closed
 * with it.
 */
public final class JettyTransport implements HttpTransport, AutoCloseable {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

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
    client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
    client.setFollowRedirects(true);
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
      String type = request.headers().entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase("Content-Type")).map(Map.Entry::getValue)
          .findFirst().orElse("application/octet-stream");
      outgoing.body(new BytesRequestContent(type, request.body()));
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    outgoing.send(listener);
    try {
      org.eclipse.jetty.client.Response head = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      byte[] body;
      try (InputStream in = listener.getInputStream()) {
        body = readBody(in, head.getHeaders().getLongField("Content-Length"));
      }
      return new HttpTransport.Response(head.getStatus(), headers(head), body);
    } catch (TimeoutException e) {
      outgoing.abort(e);
      throw timeout(timeout);
    } catch (ExecutionException e) {
      throw failure(e.getCause(), timeout);
    } catch (IOException | RuntimeException e) {
      throw failure(e, timeout);
    } catch (InterruptedException e) {
      outgoing.abort(e);
      throw e;
    }
  }

  /** Reads the body into one array of the announced size when there is one (no growing and copying). */
  private byte[] readBody(InputStream in, long declared) throws IOException {
    if (declared > maxResponseBytes) {
      throw new IOException("the answer is larger than the limit of " + maxResponseBytes + " bytes");
    }
    if (declared >= 0) {
      byte[] body = new byte[(int) declared];
      int read = in.readNBytes(body, 0, body.length);
      if (read < body.length) {
        throw new IOException("the answer ended after " + read + " of " + declared + " bytes");
      }
      return body;
    }
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
    if (body.length > maxResponseBytes) {
      throw new IOException("the answer is larger than the limit of " + maxResponseBytes + " bytes");
    }
    return body;
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

  private static Map<String, List<String>> headers(org.eclipse.jetty.client.Response response) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (HttpField field : response.getHeaders()) {
      out.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
    }
    return out;
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the upstream HTTP client", e);
    }
  }
}
