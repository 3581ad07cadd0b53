package dev.imagegate.bench;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor under the gateway's cost: the same server and client stack (Jetty 12 core handlers on virtual threads,
 * jetty-client upstream, blocking code) forwarding {@code POST /v1/images/generations} to one fixed upstream URL with
 * no imagegate logic at all: no routing, no mapping, no JSON. What the gateway costs above this is imagegate's own.
 {@code run.sh --floor} measures it next to the gateway.
 *
 * <p>Two ways to forward the answer: read it whole into an array and then write it, as the gateway does (the default);
 * or, with {@code -Dfloor.stream=true}, hand each chunk the client reads straight to the server's response as it
 * arrives, never copying the body (the floor of a streaming proxy).
 *
 * <p>Usage: {@code FloorProxy PORT UPSTREAM_URL}; {@code -Dfloor.responseBuffer=BYTES} sets the client's read size
 * (64 KB, as the gateway's), {@code -Dfloor.platformClient=true} runs the client on platform threads.
 */
public final class FloorProxy extends Handler.Abstract {
  private final HttpClient client;
  private final String upstream;

  private FloorProxy(HttpClient client, String upstream) {
    this.client = client;
    this.upstream = upstream;
  }

  public static void main(String[] args) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    ClientConnector connector = new ClientConnector();
    connector.setTCPNoDelay(true);
    QueuedThreadPool clientPool = new QueuedThreadPool();
    if (!Boolean.getBoolean("floor.platformClient")) {
      clientPool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }
    connector.setExecutor(clientPool);
    HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setExecutor(clientPool);
    client.setMaxConnectionsPerDestination(4096);
    // the gateway's read size (JettyTransport), so the floor compares like with like
    client.setResponseBufferSize(Integer.getInteger("floor.responseBuffer", 64 * 1024));
    client.start();
    Server server = new Server(pool);
    ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration()));
    http.setHost("127.0.0.1");
    http.setPort(Integer.parseInt(args[0]));
    http.setAcceptedTcpNoDelay(true);
    http.setAcceptQueueSize(4096);
    server.addConnector(http);
    server.setHandler(new FloorProxy(client, args[1]));
    server.start();
    server.join();
  }

  private static final boolean STREAM = Boolean.getBoolean("floor.stream");

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readAllBytes();
    }
    if (STREAM) {
      stream(body, response, callback);
      return true;
    }
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    client.POST(upstream).body(new BytesRequestContent("application/json", body))
        .send(new org.eclipse.jetty.client.Response.Listener() {
          private byte[] bytes;
          private int size;

          @Override
          public void onHeaders(org.eclipse.jetty.client.Response r) {
            bytes = new byte[(int) r.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH)];
          }

          @Override
          public void onContent(org.eclipse.jetty.client.Response r, ByteBuffer content) {
            int n = content.remaining();
            content.get(bytes, size, n);
            size += n;
          }

          @Override
          public void onComplete(Result result) {
            if (result.isFailed()) {
              done.completeExceptionally(result.getFailure());
            } else {
              done.complete(bytes);
            }
          }
        });
    byte[] answer = done.get();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(answer), blocker);
      blocker.block();
    }
    callback.succeeded();
    return true;
  }

  /** Passes the upstream's status and length on, then copies its chunks into the response as they arrive. */
  private void stream(byte[] body, Response response, Callback callback) {
    client.POST(upstream).body(new BytesRequestContent("application/json", body))
        .send(new org.eclipse.jetty.client.Response.Listener() {
          @Override
          public void onHeaders(org.eclipse.jetty.client.Response answer) {
            response.setStatus(answer.getStatus());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            long length = answer.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (length >= 0) {
              response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
            }
          }

          @Override
          public void onContentSource(org.eclipse.jetty.client.Response answer, Content.Source source) {
            Content.copy(source, response, callback);
          }

          @Override
          public void onComplete(Result result) {
            if (result.isFailed()) {
              callback.failed(result.getFailure());
            }
          }
        });
  }
}
