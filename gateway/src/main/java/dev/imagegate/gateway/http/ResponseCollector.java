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
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;

/**
 * Collects one upstream answer as Jetty reads it: the body is copied into one array of the announced size as it
 * arrives (no growing and copying when {@code Content-Length} is known), and the waiting caller is woken once, when
 * the answer is complete. An answer larger than the limit is aborted as soon as that is known. Large answers wait for
 * room in the {@link AnswerBudget} before more than their first chunk is read.
 */
final class ResponseCollector implements Response.Listener {
  private final long maxBytes;
  private final AnswerBudget budget;
  private final AnswerBudget.Scope scope;
  private final CompletableFuture<HttpTransport.Response> done = new CompletableFuture<>();
  /** Over HTTP/2: opened when the answer may come whole (at once, or once it has room in the budget). */
  private final Http2Windows.Gate gate = new Http2Windows.Gate();
  private byte[] body = new byte[0];
  private int size;
  private long declared = -1;
  /** The answer's room in the budget (answers over its threshold), or null. */
  private volatile AnswerBudget.Grant grant;

  ResponseCollector(long maxBytes) {
    this(maxBytes, null, null);
  }

  /**
   * @param budget the bound on large answers held at once, or null for none
   * @param scope the client exchange the answer is read for (it keeps the answer's room until it ends), or null
   */
  ResponseCollector(long maxBytes, AnswerBudget budget, AnswerBudget.Scope scope) {
    this.maxBytes = maxBytes;
    this.budget = budget;
    this.scope = scope;
  }

  /** Gives back the answer's room, for an answer read outside a scope once its caller is done with it. */
  void releaseUnscoped() {
    AnswerBudget.Grant held = grant;
    if (held != null && scope == null) {
      held.release();
    }
  }

  Http2Windows.Gate gate() {
    return gate;
  }

  CompletableFuture<HttpTransport.Response> done() {
    return done;
  }

  @Override
  public void onHeaders(Response response) {
    declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared > maxBytes) {
      response.abort(tooLarge());
      return;
    }
    if (budget != null && (declared < 0 || declared > AnswerBudget.THRESHOLD)
        && (response.getVersion() != HttpVersion.HTTP_2 || Http2Windows.holdable())) {
      grant = budget.request(declared, scope);
      if (grant.granted()) {
        gate.open();
      } // else the gate opens when the first chunk is taken, once there is room
    } else {
      gate.open();
    }
    body = null; // made with the first chunk taken into it: after the grant, for a waiting answer
  }

  /**
   * Takes each chunk as it arrives; while the answer waits for room in the budget, the first chunk is kept and
   * nothing more is asked of the connection, so the rest stays at the provider (flow control) until room is made.
   */
  @Override
  public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
    AnswerBudget.Grant waitingFor = grant;
    if (waitingFor == null || waitingFor.granted()) {
      if (waitingFor != null) {
        gate.open();
      }
      onContent(response, chunk.getByteBuffer());
      demander.run();
      return;
    }
    ByteBuffer content = chunk.getByteBuffer();
    byte[] first = new byte[content.remaining()];
    content.get(first);
    waitingFor.whenGranted(() -> {
      gate.open();
      onContent(response, ByteBuffer.wrap(first));
      demander.run();
    });
  }

  @Override
  public void onContent(Response response, ByteBuffer content) {
    if (body == null) {
      body = declared >= 0 ? new byte[(int) declared] : new byte[8192];
    }
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
      AnswerBudget.Grant held = grant;
      if (held != null) {
        held.release();
      }
      done.completeExceptionally(result.getFailure());
      return;
    }
    if (declared >= 0 && size < declared) {
      done.completeExceptionally(new IOException("the answer ended after " + size + " of " + declared + " bytes"));
      return;
    }
    Response response = result.getResponse();
    byte[] bytes = body == null ? new byte[0] : size == body.length ? body : Arrays.copyOf(body, size);
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
