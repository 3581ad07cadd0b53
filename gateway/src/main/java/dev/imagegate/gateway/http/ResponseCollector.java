package dev.imagegate.gateway.http;

import dev.imagegate.provider.HttpTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Collects one upstream answer as Jetty reads it: the body is copied into one array of the announced size as it
 * arrives (no growing and copying when {@code Content-Length} is known), and the waiting caller is woken once, when
 * the answer is complete. An answer larger than the limit is aborted as soon as that is known.
 */
final class ResponseCollector implements Response.Listener {
  private final long maxBytes;
  private final CompletableFuture<HttpTransport.Response> done = new CompletableFuture<>();
  private byte[] body = new byte[0];
  private int size;
  private long declared = -1;

  ResponseCollector(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  CompletableFuture<HttpTransport.Response> done() {
    return done;
  }

  @Override
  public void onHeaders(Response response) {
    declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared > maxBytes) {
      response.abort(tooLarge());
    } else if (declared >= 0) {
      body = new byte[(int) declared];
    } else {
      body = new byte[8192];
    }
  }

  @Override
  public void onContent(Response response, ByteBuffer content) {
    int length = content.remaining();
    if (size + (long) length > body.length && !grow(size + (long) length)) {
      response.abort(declared >= 0
          ? new IOException("the answer is longer than its Content-Length of " + declared + " bytes")
          : tooLarge());
      return;
    }
    content.get(body, size, length);
    size += length;
  }

  @Override
  public void onComplete(Result result) {
    if (result.isFailed()) {
      done.completeExceptionally(result.getFailure());
      return;
    }
    if (declared >= 0 && size < declared) {
      done.completeExceptionally(new IOException("the answer ended after " + size + " of " + declared + " bytes"));
      return;
    }
    Response response = result.getResponse();
    byte[] bytes = size == body.length ? body : Arrays.copyOf(body, size);
    done.complete(new HttpTransport.Response(response.getStatus(), headers(response), bytes));
  }

  /** Grows the buffer of an answer without a Content-Length; false when {@code needed} is over the limit. */
  private boolean grow(long needed) {
    if (declared >= 0 || needed > maxBytes) {
      return false;
    }
    long capacity = Math.min(Math.max(needed, body.length * 2L), Math.min(maxBytes, Integer.MAX_VALUE - 8));
    body = Arrays.copyOf(body, (int) capacity);
    return true;
  }

  private IOException tooLarge() {
    return new IOException("the answer is larger than the limit of " + maxBytes + " bytes");
  }

  private static Map<String, List<String>> headers(Response response) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (HttpField field : response.getHeaders()) {
      out.computeIfAbsent(field.getName(), k -> new ArrayList<>(1)).add(field.getValue());
    }
    return out;
  }
}
