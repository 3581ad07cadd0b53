package dev.imagegate.provider;

import java.io.IOException;
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

  private final HttpClient client;

  public JdkHttpTransport() {
    this(Duration.ofSeconds(10));
  }

  public JdkHttpTransport(Duration connectTimeout) {
    this.client = HttpClient.newBuilder()
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

  /** Returns at the headers; the body is the JDK client's stream, read as the upstream sends it. */
  @Override
  public Streamed stream(Request request) throws IOException, InterruptedException {
    HttpResponse<java.io.InputStream> response = client.send(build(request),
        HttpResponse.BodyHandlers.ofInputStream());
    return new Streamed(response.statusCode(), response.headers().map(), response.body());
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
