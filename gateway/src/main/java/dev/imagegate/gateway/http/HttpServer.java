package dev.imagegate.gateway.http;

import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 with core handlers (no servlets): request handlers run as blocking code on virtual threads, so concurrency
 * is not capped by a pool; the platform threads only run Jetty's selectors. Accepted sockets use TCP_NODELAY. Slow
 * and greedy clients are bounded by {@link EdgeLimits} (header and body timeouts, connection caps). On stop, new
 * requests are refused and in-flight ones finish within the grace period.
 */
public final class HttpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());
  /** How long a stop may take beyond the grace period before it is abandoned (see {@link BoundedStop}). */
  private static final Duration STOP_SLACK = Duration.ofSeconds(5);

  private final Server server;
  private final ServerConnector connector;
  private final Duration grace;

  public HttpServer(String host, int port, Handler handler, Duration grace, EdgeLimits limits) {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("imagegate-http");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    this.server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(true);
    // Azure-style paths may carry a model group name with an encoded slash (/openai/deployments/a%2Fb/...)
    config.setUriCompliance(UriCompliance.DEFAULT.with("imagegate",
        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
    this.connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptedTcpNoDelay(true);
    connector.setAcceptQueueSize(4096);
    // a connection waiting for a request head (new, or idle between requests) gets the short header timeout; Routes
    // lengthens it while a request is handled
    connector.setIdleTimeout(limits.headerTimeout().toMillis());
    connector.addBean(new ConnectionCaps(limits.maxConnections(), limits.maxConnectionsPerClient()));
    server.addConnector(connector);
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(handler);
    server.setHandler(graceful);
    server.setStopTimeout(grace.toMillis());
    this.grace = grace;
    server.setErrorHandler(new JsonErrorHandler());
  }

  /** Where a line per completed request goes; set before {@link #start}. */
  public void requestLog(RequestLog log) {
    server.setRequestLog(log);
  }

  public void start() throws Exception {
    server.start();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops accepting, lets in-flight requests finish within the grace period, then closes; gives up (with a warning)
   * if Jetty's stop is still running 5 s after the grace period, so the shutdown that follows still happens.
   */
  @Override
  public void close() throws Exception {
    if (!BoundedStop.within(grace.plus(STOP_SLACK), "imagegate-http-stop", server::stop)) {
      LOG.log(System.Logger.Level.WARNING, "the HTTP server did not stop within {0} s; abandoning it",
          grace.plus(STOP_SLACK).toSeconds());
    }
  }

  public void join() throws InterruptedException {
    server.join();
  }
}
