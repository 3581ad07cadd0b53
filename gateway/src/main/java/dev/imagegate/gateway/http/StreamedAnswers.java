package dev.imagegate.gateway.http;

import dev.imagegate.provider.HttpTransport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpVersion;

/**
 * {@link JettyTransport}'s answers read as they arrive ({@link HttpTransport#stream}). Closing one before its end,
 * from any thread, aborts its exchange and fails a read blocked on it (a call whose client went away has its upstream
 * read closed by {@code ProviderHttp.abortStreams}). Jetty's {@link InputStreamResponseListener} hands over one chunk at a time and reads the
 * next only once the reader has taken it: a slow reader slows the upstream (its TCP window, or its h2 stream window,
 * fills) instead of a buffer growing here. Thread-safe.
 */
final class StreamedAnswers {
  /** Maps a failed exchange to the transport's exception (a timeout to {@link HttpTimeoutException}). */
  @FunctionalInterface
  interface Failures {
    IOException map(Throwable failure, Duration timeout);
  }

  private final Failures failures;
  /** The bound on answer bytes held at once, or null for none. */
  private volatile AnswerBudget budget;

  StreamedAnswers(Failures failures) {
    this.failures = failures;
  }

  /**
   * Sends {@code outgoing} (whose own timeout, {@code timeout}, bounds the whole exchange) and returns at its status
   * and headers; the body is read on the calling thread. Closing the body before its end aborts the exchange (the
   * HTTP/1.1 connection is closed; an h2 stream is reset).
   */
  HttpTransport.Streamed send(Request outgoing, Duration timeout) throws IOException, InterruptedException {
    InputStreamResponseListener listener = new InputStreamResponseListener();
    outgoing.send(listener);
    Response response;
    try {
      response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failures.map(e.getCause(), timeout);
    } catch (TimeoutException e) {
      outgoing.abort(e);
      throw failures.map(e, timeout);
    } catch (InterruptedException e) {
      outgoing.abort(e);
      throw e;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : response.getHeaders()) {
      headers.computeIfAbsent(field.getName(), k -> new ArrayList<>(1)).add(field.getValue());
    }
    // an HTTP/2 stream is opened at its first byte (it carries no Http2Windows gate): read as it comes, not held
    AnswerBudget bound = response.getVersion() == HttpVersion.HTTP_2 ? null : budget;
    AnswerBudget.Scope scope = AnswerBudget.current();
    HttpTransport.Holding holding = bound == null || scope == null ? HttpTransport.Holding.NONE
        : () -> awaitRoom(bound, scope, outgoing, timeout);
    return new HttpTransport.Streamed(response.getStatus(), headers,
        new Body(listener.getInputStream(), outgoing, timeout), holding);
  }

  /**
   * Waits until {@code budget} has room for one image the reader is about to hold whole (a completed image, kept
   * until the call ends), unless the call holds room already; meanwhile the answer is not read, so the provider's
   * stream waits.
   */
  private static void awaitRoom(AnswerBudget budget, AnswerBudget.Scope scope, Request exchange, Duration timeout)
      throws IOException {
    try {
      budget.awaitRoom(scope, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.abort(e);
      throw new java.io.InterruptedIOException("interrupted while waiting for room to read the answer");
    }
  }

  /**
   * Bounds what the readers of streamed answers inside an {@link AnswerBudget.Scope} hold whole (their completed
   * images; partial images are relayed piecewise and held by nobody).
   */
  void bounded(AnswerBudget answers) {
    this.budget = answers;
  }


  /**
   * An answer's body as it arrives: a failed read is mapped like a failed send (a timeout is an
   * {@link HttpTimeoutException}); closing it before the end aborts the exchange.
   */
  private final class Body extends FilterInputStream {
    private final Request exchange;
    private final Duration timeout;
    private boolean ended;

    Body(InputStream body, Request exchange, Duration timeout) {
      super(body);
      this.exchange = exchange;
      this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        ended |= b < 0;
        return b;
      } catch (IOException e) {
        throw failures.map(e, timeout);
      }
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      if (length == 0) {
        // InputStream's contract; Jetty's stream would wait for content (readNBytes asks for 0 bytes at its end)
        return 0;
      }
      int n;
      try {
        n = super.read(bytes, offset, length);
        ended |= n < 0;
      } catch (IOException e) {
        throw failures.map(e, timeout);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (!ended) {
        exchange.abort(new IOException("the caller closed the answer before its end"));
      }
      super.close();
    }
  }
}
