package dev.imagegate.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP request and its response, for handlers written as straight-line blocking code on a virtual thread. Headers
 * set with {@link #header} go out with whatever response is written; exactly one response is written per exchange.
 */
public final class Exchange {
  private static final String NOTE = "imagegate.access.";
  private final Request request;
  private final Response response;
  private final Map<String, String> pathParams;
  private final Map<String, String> responseHeaders = new LinkedHashMap<>();
  private boolean committed;

  Exchange(Request request, Response response, Map<String, String> pathParams) {
    this.request = request;
    this.response = response;
    this.pathParams = pathParams;
  }

  /** Attaches {@code value} (key, model_group, attempts, failure) to this request's access-log line. */
  public void note(String name, Object value) {
    if (value != null) {
      request.setAttribute(NOTE + name, value);
    }
  }

  /** What a handler attached with {@link #note}, or null. */
  public static Object noted(Request request, String name) {
    return request.getAttribute(NOTE + name);
  }

  public String method() {
    return request.getMethod();
  }

  public String path() {
    return Request.getPathInContext(request);
  }

  /** A segment captured by the route, e.g. {@code {model}} in {@code /openai/deployments/{model}/...}. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** A request header, or null. */
  public String requestHeader(String name) {
    return request.getHeaders().get(name);
  }

  /**
   * A query parameter, or null. A query string that is not percent-encoded UTF-8, and a value holding a control
   * character, are a 400 naming the parameter.
   */
  public String query(String name) {
    Fields fields;
    try {
      fields = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw new BadRequest("The query string is not valid: use percent-encoded UTF-8 (e.g. %20 for a space)", null);
    }
    String value = fields.getValue(name);
    String problem = value == null ? null : ControlCharacters.problem(name, value, false);
    if (problem != null) {
      throw new BadRequest(problem, name);
    }
    return value;
  }

  /** The scheme, host and port the client used, e.g. {@code http://localhost:4000}. */
  public String origin() {
    var uri = request.getHttpURI();
    String host = request.getHeaders().get(HttpHeader.HOST);
    return uri.getScheme() + "://" + (host != null ? host : uri.getAuthority());
  }

  /**
   * The request body, refusing more than {@code limit} bytes with HTTP 413 before reading it when it says so. A body
   * that cannot be read as HTTP frames it (shorter than its {@code Content-Length}, a bad chunk) is a 400; one that
   * stalls past the body read timeout is a 408.
   */
  public byte[] body(long limit) {
    try {
      return read(limit);
    } catch (BadRequest e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  private static BadRequest unreadable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return BadRequest.refused(408, "request_timeout", null,
            "The request body did not arrive in time: send it without pauses");
      }
    }
    return new BadRequest("The request body could not be read: it ended before its Content-Length, or its "
        + "chunked encoding is invalid", null);
  }

  private static BadRequest tooLarge(long limit) {
    return BadRequest.refused(413, "request_too_large", null,
        "Request body is larger than the limit of " + limit + " bytes");
  }

  private byte[] read(long limit) throws IOException {
    long declared = request.getLength();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared >= 0 && declared <= Integer.MAX_VALUE - 8) {
        // the length is known (and HTTP/1.1 framing holds the body to it): read straight into an array of that size
        byte[] bytes = new byte[(int) declared];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
          throw new EOFException("the request body ended after " + read + " of " + declared + " bytes");
        }
        return bytes;
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        throw tooLarge(limit);
      }
      return bytes;
    }
  }

  /** The request's {@code Content-Length}, or -1 when it is not known (chunked). */
  long declaredLength() {
    return request.getLength();
  }

  /** The request body as Jetty content, for readers that parse it as it arrives (multipart forms). */
  Content.Source source() {
    return request;
  }

  /** The request's attributes, where Jetty keeps a parsed multipart form. */
  org.eclipse.jetty.util.Attributes attributes() {
    return request;
  }

  /** Adds a response header to whatever response is written. */
  public void header(String name, String value) {
    responseHeaders.put(name, value);
  }

  /** Writes a JSON response produced by {@code writer} straight to the socket. */
  public void json(int status, JsonBody writer) throws IOException {
    start(status, "application/json");
    try (OutputStream out = new ResponseOutput(response);
         JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      writer.write(json);
    }
  }

  /** Writes {@code body} as a JSON response. */
  public void json(int status, Object body) throws IOException {
    json(status, json -> Json.MAPPER.writeValue(json, body));
  }

  /**
   * Streams a response whose bytes {@code writer} produces: sent with a {@code Content-Length} in one write when it
   * is small, else chunked, large arrays written through uncopied (see {@link ResponseOutput}).
   */
  public void stream(int status, String contentType, StreamBody writer) throws IOException {
    start(status, contentType);
    try (OutputStream out = new ResponseOutput(response)) {
      writer.write(out);
    }
  }

  /**
   * Starts a {@code 200 text/event-stream} response (with the headers set so far, {@code Cache-Control: no-cache},
   * and {@code X-Accel-Buffering: no} so proxies pass each event on) and returns its body: {@code flush()} sends each
   * event as it is written, blocking while the client is slow; {@code close()} ends the response. A failed write
   * (the client went away) throws an {@link IOException}.
   */
  public OutputStream events() {
    responseHeaders.putIfAbsent("Cache-Control", "no-cache");
    responseHeaders.putIfAbsent("X-Accel-Buffering", "no");
    start(200, "text/event-stream");
    return ResponseOutput.events(response);
  }

  public void bytes(int status, String contentType, byte[] body) throws IOException {
    start(status, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(body), blocker);
      blocker.block();
    }
  }

  /** Writes a response with no body (e.g. 304 Not Modified), with the headers set so far. */
  public void empty(int status) throws IOException {
    start(status, null);
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(true, null, blocker);
      blocker.block();
    }
  }

  /** Whether a response has been started (after which an error can no longer be reported in the body). */
  public boolean committed() {
    return committed || response.isCommitted();
  }

  private void start(int status, String contentType) {
    if (committed) {
      throw new IllegalStateException("a response was already written");
    }
    committed = true;
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    responseHeaders.forEach((name, value) -> response.getHeaders().put(name, value));
  }

  /** Produces a JSON body. */
  @FunctionalInterface
  public interface JsonBody {
    void write(JsonGenerator json) throws IOException;
  }

  /** Produces a raw body. */
  @FunctionalInterface
  public interface StreamBody {
    void write(OutputStream out) throws IOException;
  }
}
