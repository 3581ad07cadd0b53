package dev.imagegate.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The SDK's default transport: the JDK's HTTP client on virtual threads. Redirects are not followed (a 3xx is the
 * answer): a provider API does not redirect, and image downloads check each hop themselves. Thread-safe; one per
 * client.
 */
public final class JdkHttpTransport implements HttpTransport {
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final Duration connectTimeout;
  private final HttpClient client;

  public JdkHttpTransport() {
    this(Duration.ofSeconds(10));
  }

  public JdkHttpTransport(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    this.client = newClient(connectTimeout);
  }

  private static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = client.send(build(request), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(response.statusCode(), response.headers().map(), response.body());
  }

  /**
   * Returns at the headers; the body is the JDK client's stream, read as the upstream sends it. Each stream has a
   * client of its own, shut down when the body is closed: the JDK client keeps a connection whose body subscription
   * was cancelled open (nothing reads it any more), so closing a stream early would otherwise leave the upstream
   * sending into it; shutting the client down closes the connection at once, and wakes a read blocked on it.
   */
  @Override
  public Streamed stream(Request request) throws IOException, InterruptedException {
    HttpClient own = newClient(connectTimeout);
    try {
      HttpResponse<InputStream> response = own.send(build(request), HttpResponse.BodyHandlers.ofInputStream());
      InputStream body = new FilterInputStream(response.body()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            own.shutdownNow();
          }
        }
      };
      return new Streamed(response.statusCode(), response.headers().map(), body);
    } catch (IOException | InterruptedException | RuntimeException e) {
      own.shutdownNow();
      throw e;
    }
  }

  private static HttpRequest build(Request request) {
    HttpRequest.BodyPublisher body = request.content() != null ? streamed(request.content())
        : request.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(request.body());
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).method(request.method(), body);
    if (request.timeout() != null) {
      builder.timeout(request.timeout());
    }
    request.headers().forEach((name, value) -> {
      if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        builder.header(name, value);
      }
    });
    return builder.build();
  }

  /** A body read from the content's stream as it is sent, with its length declared up front. */
  private static HttpRequest.BodyPublisher streamed(Content content) {
    HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return content.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return HttpRequest.BodyPublishers.fromPublisher(stream, content.length());
  }
}
