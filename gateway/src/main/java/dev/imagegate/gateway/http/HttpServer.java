package dev.imagegate.gateway.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 with core handlers (no servlets): request handlers run as blocking code on virtual threads, so concurrency
 * is not capped by a pool; the platform threads only run Jetty's selectors. Accepted sockets use TCP_NODELAY. On stop,
 * new requests are refused and in-flight ones finish within the grace period.
 */
public final class HttpServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  public HttpServer(String host, int port, Handler handler, Duration grace) {
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
    connector.setIdleTimeout(Duration.ofMinutes(15).toMillis());
    server.addConnector(connector);
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(handler);
    server.setHandler(graceful);
    server.setStopTimeout(grace.toMillis());
    server.setErrorHandler(new JsonErrorHandler());
  }

  public void start() throws Exception {
    server.start();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public InetSocketAddress address() {
    String host = connector.getHost();
    return new InetSocketAddress(host == null ? "0.0.0.0" : host, port());
  }

  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  @Override
  public void close() throws Exception {
    server.stop();
  }

  public void join() throws InterruptedException {
    server.join();
  }
}
