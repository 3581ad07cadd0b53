package dev.imagegate.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.error.ImageGateException;
import java.io.IOException;

/** Writes OpenAI's error shape: {@code {"error":{"message","type","param","code"}}}, nulls included. */
public final class ErrorBody {
  private ErrorBody() {
  }

  public static void write(Exchange exchange, ImageGateException error) throws IOException {
    exchange.json(error.status(), json -> {
      json.writeStartObject();
      writeError(json, error);
      json.writeEndObject();
    });
  }

  /**
   * Writes the {@code "error": {...}} field into an object being written: the same shape in a JSON answer and in a
   * stream's {@code error} event.
   */
  public static void writeError(JsonGenerator json, ImageGateException error) throws IOException {
    json.writeObjectFieldStart("error");
    json.writeStringField("message", error.getMessage());
    json.writeStringField("type", error.type());
    json.writeStringField("param", error.param());
    json.writeStringField("code", error.code() != null ? error.code() : String.valueOf(error.status()));
    json.writeEndObject();
  }
}
