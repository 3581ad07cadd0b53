package dev.imagegate.gateway.http;

import dev.imagegate.provider.HttpTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's upstream transport: Jetty's HTTP client (measured faster than the JDK client on multi-megabyte
 * bodies), TCP_NODELAY on every connection, 64 KB per socket read, callers blocking on virtual threads. It speaks
 * HTTP/2 where {@link UpstreamProtocols} says the provider does (h2 by ALPN on https, h2c to listed plain-http hosts),
 * multiplexing calls on a few connections up to the provider's limit of concurrent streams, and HTTP/1.1 (a connection
 * per call in flight) elsewhere. Jetty reads
 * each answer on a virtual thread of its own ({@link ResponseCollector}) and the caller is woken once, when it is
 * complete. (Reading on the selector thread instead saves a thread hop on small answers but serialises large ones:
 * measured slower on 1.5 MB answers, see the README's performance section.) Streamed answers ({@link #stream}:
 * server-sent events) are read on the caller's thread as they arrive instead, one chunk at a time. Thread-safe; one
 * per gateway, closed with it.
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

  /**
   * How long an HTTP/1.1 connection to a provider may stay idle in the pool. A call in flight is never cut by it: each
   * request's idle timeout is its own total timeout.
   */
  static final Duration POOL_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final Duration connectTimeout;
  private final long maxResponseBytes;
  private final StreamedAnswers streamed = new StreamedAnswers(this::failure);
  /** The bound on large answers held at once; null for none. */
  private volatile AnswerBudget budget;

  /**
   * @param maxConnectionsPerDestination connections per provider host: one per call in flight over HTTP/1.1; over
   *     HTTP/2 a new connection opens only when the others carry as many streams as the provider allows
   * @param maxResponseBytes answers larger than this fail as a broken connection (an upstream cannot exhaust memory)
   */
  public JettyTransport(Duration connectTimeout, int maxConnectionsPerDestination, long maxResponseBytes,
                        UpstreamProtocols protocols) {
    this(connectTimeout, maxConnectionsPerDestination, maxResponseBytes, protocols, POOL_IDLE_TIMEOUT);
  }

  /** HTTP/1.1 to plain-http hosts, h2 offered on https (the defaults of {@link UpstreamProtocols}). */
  public JettyTransport(Duration connectTimeout, int maxConnectionsPerDestination, long maxResponseBytes) {
    this(connectTimeout, maxConnectionsPerDestination, maxResponseBytes, UpstreamProtocols.DEFAULTS);
  }

  JettyTransport(Duration connectTimeout, int maxConnectionsPerDestination, long maxResponseBytes,
                 UpstreamProtocols protocols, Duration idleTimeout) {
    this.connectTimeout = connectTimeout;
    this.maxResponseBytes = maxResponseBytes;
    ClientConnector connector = new ClientConnector();
    connector.setTCPNoDelay(true);
    connector.setConnectTimeout(connectTimeout);
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("imagegate-upstream");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    connector.setExecutor(pool);
    HTTP2Client http2 = new HTTP2Client(connector);
    http2.setInputBufferSize(RESPONSE_BUFFER_BYTES);
    // answers are held at the provider until there is room for them (AnswerBudget), one stream at a time
    http2.setInitialStreamRecvWindow(Http2Windows.HELD_WINDOW);
    http2.setInitialSessionRecvWindow(Http2Windows.SESSION_WINDOW);
    http2.setFlowControlStrategyFactory(Http2Windows::new);
    // the first listed is the one used when a TLS server does not negotiate: HTTP/1.1
    this.client = new HttpClient(new Transport(connector, protocols, HttpClientConnectionFactory.HTTP11,
        new Http2(http2)));
    client.setExecutor(pool);
    client.setIdleTimeout(idleTimeout.toMillis());
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

  /**
   * Bounds the large answers {@link #send} holds at once by {@code answers} (see {@link AnswerBudget}); null for no
   * bound. Returns this transport.
   */
  /** The bound on large answers held at once ({@link #bounded}), or null. */
  public AnswerBudget budget() {
    return budget;
  }

  public JettyTransport bounded(AnswerBudget answers) {
    this.budget = answers;
    streamed.bounded(answers);
    return this;
  }

  public JettyTransport() {
    this(Duration.ofSeconds(10), 4096, 256L * 1024 * 1024);
  }

  @Override
  public Response send(HttpTransport.Request request) throws IOException, InterruptedException {
    Duration timeout = timeoutOf(request);
    org.eclipse.jetty.client.Request outgoing = outgoing(request, timeout);
    ResponseCollector collector = new ResponseCollector(maxResponseBytes, budget, AnswerBudget.current());
    outgoing.attribute(Http2Windows.GATE, collector.gate()).send(collector);
    try {
      // untimed: the request's own timeout (above) completes it with a failure; a timed wait would also put every
      // call through the virtual-thread scheduler's timer queue
      return collector.done().get();
    } catch (ExecutionException e) {
      throw failure(e.getCause(), timeout);
    } catch (InterruptedException e) {
      outgoing.abort(e);
      throw e;
    } finally {
      collector.releaseUnscoped();
    }
  }

  /**
   * Sends {@code request} and returns at its status and headers, the body read as it arrives, one chunk at a time
   * (see {@link StreamedAnswers}): a slow reader slows the upstream. The request's timeout bounds the whole exchange,
   * body included: a read past it fails with an {@link HttpTimeoutException}. Closing the body before its end aborts
   * the exchange.
   */
  @Override
  public Streamed stream(HttpTransport.Request request) throws IOException, InterruptedException {
    Duration timeout = timeoutOf(request);
    return streamed.send(outgoing(request, timeout), timeout);
  }


  private static Duration timeoutOf(HttpTransport.Request request) {
    return request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout();
  }

  /** The Jetty request for {@code request}: its method, headers and body, bounded by {@code timeout} as a whole. */
  private org.eclipse.jetty.client.Request outgoing(HttpTransport.Request request, Duration timeout)
      throws IOException {
    org.eclipse.jetty.client.Request outgoing = client.newRequest(request.uri())
        .method(request.method())
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        // a provider that thinks for minutes sends nothing meanwhile: only the call's own timeout may end the wait
        .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .headers(headers -> request.headers().forEach(headers::put));
    if (request.body() != null) {
      outgoing.body(new BytesRequestContent(contentType(request.headers()), request.body()));
    } else if (request.content() != null) {
      outgoing.body(streamed(contentType(request.headers()), request.content()));
    }
    return outgoing;
  }

  /**
   * Chooses each request's protocol from its scheme and host: h2 then http/1.1 by ALPN on https (or http/1.1 alone),
   * h2c by prior knowledge to the listed plain-http hosts, http/1.1 to the others. Requests to one host with different
   * protocols go to different connection pools.
   */
  private static final class Transport extends HttpClientTransportDynamic {
    private static final Origin.Protocol HTTP11 = new Origin.Protocol(List.of("http/1.1"), false);
    private static final Origin.Protocol H2C = new Origin.Protocol(List.of("h2c"), false);
    private static final Origin.Protocol NEGOTIATE = new Origin.Protocol(List.of("h2", "http/1.1"), true);

    /**
     * How many calls a connection being opened to an HTTP/2 provider is expected to carry (RFC 9113 asks servers to
     * allow at least 100 concurrent streams), so a burst of calls opens one connection per that many instead of one
     * per call while the first handshakes run. Once open, a connection carries as many as the provider's SETTINGS
     * allow, and an HTTP/1.1 one (ALPN may choose it) one at a time.
     */
    private static final int EXPECTED_STREAMS = 100;

    private final UpstreamProtocols protocols;

    Transport(ClientConnector connector, UpstreamProtocols protocols, Info... infos) {
      super(connector, infos);
      this.protocols = protocols;
      setConnectionPoolFactory(destination -> {
        // 1 is the multiplex of a connection that does not say (HTTP/1.1); only the creation estimate changes
        MultiplexConnectionPool pool = new MultiplexConnectionPool(destination,
            destination.getHttpClient().getMaxConnectionsPerDestination(), 1);
        if (!HTTP11.equals(destination.getOrigin().getProtocol())) {
          pool.setInitialMaxMultiplex(EXPECTED_STREAMS);
        }
        return pool;
      });
    }

    @Override
    public Origin newOrigin(org.eclipse.jetty.client.Request request) {
      Origin.Protocol protocol;
      if ("https".equalsIgnoreCase(request.getScheme())) {
        protocol = protocols.http2OverTls() ? NEGOTIATE : HTTP11;
      } else {
        protocol = protocols.h2c(request.getHost(), request.getPort()) ? H2C : HTTP11; // no URI built per call
      }
      // the base chooses the socket transport (and records it on the request); only the protocol is replaced
      Origin base = super.newOrigin(request);
      return new Origin(base.getScheme(), base.getAddress(), base.getTag(), protocol, base.getTransport());
    }
  }

  /**
   * HTTP/2 connections without an idle timeout: when it fires Jetty fails every stream on the connection, including
   * calls still within their own timeout on a connection that happens to be quiet (a generation can take minutes).
   * Each call's timeout bounds its stream, and providers close connections they find idle. (The client's idle timeout,
   * shared by both protocols, stays for HTTP/1.1, where it does not cut a call in flight.)
   */
  private static final class Http2 extends ClientConnectionFactoryOverHTTP2.HTTP2 {
    Http2(HTTP2Client client) {
      super(client);
    }

    @Override
    public ClientConnectionFactory getClientConnectionFactory() {
      ClientConnectionFactory factory = super.getClientConnectionFactory();
      return new ClientConnectionFactory() {
        @Override
        public Connection newConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
          Connection connection = factory.newConnection(endPoint, context);
          endPoint.setIdleTimeout(0);
          return connection;
        }

        @Override
        public Connection customize(Connection connection, Map<String, Object> context) {
          return factory.customize(connection, context);
        }
      };
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
