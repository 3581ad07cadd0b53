package dev.imagegate.gateway.http;

import dev.imagegate.error.ImageGateException;
import java.io.IOException;

/** Writes OpenAI's error shape: {@code {"error":{"message","type","param","code"}}}, nulls included. */
public final class ErrorBody {
  private ErrorBody() {
  }

  public static void write(Exchange exchange, ImageGateException error) throws IOException {
    exchange.json(error.status(), json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("error");
      json.writeStringField("message", error.getMessage());
      json.writeStringField("type", error.type());
      json.writeStringField("param", error.param());
      json.writeStringField("code", error.code() != null ? error.code() : String.valueOf(error.status()));
      json.writeEndObject();
      json.writeEndObject();
    });
  }
}
