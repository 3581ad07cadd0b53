package dev.imagegate.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one HTTP request and returns the whole answer. The SDK's default is the JDK's {@link java.net.http.HttpClient};
 * the gateway plugs in its own. Implementations are thread-safe and never retry.
 */
@FunctionalInterface
public interface HttpTransport {

  /**
   * Sends {@code request}. A timeout is an {@link java.net.http.HttpTimeoutException}; a refused or broken connection
   * another {@link IOException}. Any HTTP status is a normal return.
   */
  Response send(Request request) throws IOException, InterruptedException;

  /**
   * Sends {@code request} and returns as soon as the status and headers are in, with the body to be read as it
   * arrives (server-sent events). Reading blocks until the upstream sends more, so a slow reader slows the upstream
   * (no buffering of the whole answer); closing the answer before its end abandons the exchange. Failures are as for
   * {@link #send}; a read that outlasts {@code request.timeout()} fails with an {@link java.net.http.HttpTimeoutException}.
   * This default, for transports that cannot stream, reads the whole answer first.
   */
  default Streamed stream(Request request) throws IOException, InterruptedException {
    Response whole = send(request);
    return new Streamed(whole.status(), whole.headers(), new java.io.ByteArrayInputStream(whole.body()));
  }

  /**
   * A transport that runs {@code before} on each request, then sends (or streams) it with {@code transport}: what
   * wrappers use so that streaming is not lost by wrapping.
   */
  static HttpTransport observing(HttpTransport transport, java.util.function.Consumer<Request> before) {
    return new HttpTransport() {
      @Override
      public Response send(Request request) throws IOException, InterruptedException {
        before.accept(request);
        return transport.send(request);
      }

      @Override
      public Streamed stream(Request request) throws IOException, InterruptedException {
        before.accept(request);
        return transport.stream(request);
      }
    };
  }

  /**
   * An answer whose body is read as it arrives. Close it when done: closing before the end abandons the exchange
   * (cancels the upstream call).
   */
  record Streamed(int status, Map<String, List<String>> headers, InputStream body, Holding holding)
      implements java.io.Closeable {
    public Streamed {
      headers = new Response(status, headers, null).headers();
      holding = holding == null ? Holding.NONE : holding;
    }

    /** An answer whose transport bounds nothing its reader holds. */
    public Streamed(int status, Map<String, List<String>> headers, InputStream body) {
      this(status, headers, body, Holding.NONE);
    }

    /** This answer with {@code other} as its body (the same status, headers and holding). */
    public Streamed withBody(InputStream other) {
      return new Streamed(status, headers, other, holding);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /**
     * The whole answer, for an error status: at most {@code limit} bytes of the body are read (the rest is not
     * wanted); the body is closed.
     */
    public Response readWhole(int limit) throws IOException {
      try (InputStream in = body) {
        return new Response(status, headers, in.readNBytes(limit));
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * How a transport that bounds the answer bytes held in memory at once (a gateway with many calls in flight) hears
   * that the reader of a streamed answer is about to hold a large part of it whole (an image it keeps until the call
   * ends): {@link #awaitRoom} waits until the bound allows it. The room stays the call's until the call ends.
   */
  @FunctionalInterface
  interface Holding {
    /** Bounds nothing. */
    Holding NONE = () -> { };

    /**
     * Waits for room to hold one image-sized part of the answer.
     *
     * @throws java.net.http.HttpTimeoutException when no room was made within the request's timeout
     */
    void awaitRoom() throws IOException;
  }

  /**
   * A request body streamed from its source (multipart uploads of spooled files): its exact length, and a fresh
   * stream over it for each send. Implementations must stream it, never read it whole into memory.
   */
  interface Content {
    long length();

    InputStream open() throws IOException;
  }

  /**
   * An outgoing request. {@code body} may be null for GET; a streamed body is {@code content} instead (then
   * {@code body} is null).
   */
  record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                 Content content) {
    public Request {
      headers = Map.copyOf(headers);
      if (body != null && content != null) {
        throw new IllegalArgumentException("a request has a byte body or a streamed content, not both");
      }
    }

    public Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
      this(method, uri, headers, body, timeout, null);
    }

    /** A POST whose body is streamed from {@code content}. */
    public static Request postStreamed(URI uri, Map<String, String> headers, Content content, Duration timeout) {
      return new Request("POST", uri, headers, null, timeout, content);
    }

    public static Request postJson(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
      return new Request("POST", uri, headers, body, timeout);
    }

    /** The headers with credentials masked, for logs and error messages. */
    public Map<String, String> redactedHeaders() {
      Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> out.put(k, Secrets.isSecretHeader(k) ? "****" : v));
      return out;
    }
  }

  /** An answer: status, headers (names matched case-insensitively by {@link #header}), body bytes. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Response {
      Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> {
        if (k != null) {
          copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v));
        }
      });
      headers = copy;
      body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }
}
