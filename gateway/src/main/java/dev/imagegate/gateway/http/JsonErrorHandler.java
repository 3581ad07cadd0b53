package dev.imagegate.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.provider.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself before a route runs (a malformed request line, headers too large, a bad URI) in
 * OpenAI's error shape too, never as an HTML page. A request head that times out arrives here as a failure with no
 * request (Jetty names it {@code GET /badRequest}, status 500): it is the client's delay, so it is a 408, which is
 * also what the access log and anyone reading it see.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                  Callback callback) throws IOException {
    if (code == HttpStatus.INTERNAL_SERVER_ERROR_500 && timedOut(cause)) {
      code = HttpStatus.REQUEST_TIMEOUT_408;
      message = "The request was not received in time";
      response.setStatus(code);
    }
    // a 5xx's message is Jetty's text of what failed (an OutOfMemoryError's, say): never shown to a client
    String text = code >= 500 && code != HttpStatus.REQUEST_TIMEOUT_408
        ? "The gateway failed while handling this request"
        : message != null && !message.isBlank() ? message : HttpStatus.getMessage(code);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("error");
      json.writeStringField("message", text);
      json.writeStringField("type", code >= 500 ? "internal_server_error" : "invalid_request_error");
      json.writeNullField("param");
      json.writeStringField("code", Integer.toString(code));
      json.writeEndObject();
      json.writeEndObject();
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
  }

  private static boolean timedOut(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
