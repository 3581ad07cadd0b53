package dev.imagegate.gateway.images;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.ImageData;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageStreamListener;
import dev.imagegate.Usage;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.gateway.http.ErrorBody;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One streamed answer: OpenAI's server-sent events ({@code event: <type>}, {@code data: <json>}) written to the
 * client. Partial images are written and flushed as the router delivers them, on the thread reading the upstream, so
 * a slow client slows that read (nothing is buffered here beyond the event being written); the first one commits the
 * response (200, {@code text/event-stream}). Completed images are held (the router has them in memory anyway) until
 * {@link #complete} is called, after the call's spend row is durable: money is data, and a paid image is never sent
 * before its record. A write that fails (the client went away) throws from {@link #onEvent}, which makes the router
 * cancel the upstream call. Confined to the call's thread.
 */
final class EventStreamAnswer implements ImageStreamListener {
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Exchange exchange;
  private final Clock clock;
  private final List<ImageEvent.CompletedImage> completed = new ArrayList<>();
  private OutputStream out;
  private Instant firstEvent;
  private int partialsSent;

  EventStreamAnswer(Exchange exchange, Clock clock) {
    this.exchange = exchange;
    this.clock = clock;
  }

  /**
   * A partial image is written at once; a completed image is held for {@link #complete}.
   *
   * @throws UncheckedIOException when the client can no longer be written to (the router then cancels the call)
   */
  @Override
  public void onEvent(ImageEvent event) {
    switch (event) {
      case ImageEvent.PartialImage partial -> {
        write(partial.type(), json -> {
          writeImage(json, partial.type(), partial.image(), partial.createdAt(), partial.fields());
          json.writeNumberField("partial_image_index", partial.partialImageIndex());
        });
        partialsSent++;
      }
      case ImageEvent.CompletedImage image -> completed.add(image);
      case ImageEvent.Finished finished -> {
        // the router's stream() ends with the result instead; nothing to send
      }
    }
  }

  /** Whether the response has started (its status and headers are sent: errors can only be events now). */
  boolean begun() {
    return out != null;
  }

  /** When the first event was written, or null. */
  Instant firstEvent() {
    return firstEvent;
  }

  int partialsSent() {
    return partialsSent;
  }

  /** Whether every completed image held came from a provider that streamed the call itself. */
  boolean streamedUpstream() {
    return !completed.isEmpty() && completed.stream().allMatch(ImageEvent.CompletedImage::streamedUpstream);
  }

  /**
   * Writes the held completed events (each with the call's usage) and ends the response. Call once the call's spend
   * row is durable.
   *
   * @throws IOException when the client went away before they were all written
   */
  void complete() throws IOException {
    for (ImageEvent.CompletedImage image : completed) {
      writeChecked(image.type(), json -> {
        writeImage(json, image.type(), image.image(), image.createdAt(), image.fields());
        writeUsage(json, image.usage());
      });
    }
    end();
  }

  /**
   * Ends a begun stream with one {@code error} event ({@code {"type":"error","error":{...}}}, the error as a JSON
   * answer would carry it). A client that is gone is not written to.
   */
  void fail(ImageGateException error) {
    try {
      writeChecked("error", json -> {
        json.writeStringField("type", "error");
        ErrorBody.writeError(json, error);
      });
      end();
    } catch (IOException e) {
      // the client went away too: nobody is left to tell
    }
  }

  private void end() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  private void write(String type, Fields fields) {
    try {
      writeChecked(type, fields);
    } catch (IOException e) {
      throw new UncheckedIOException("the client stopped receiving the stream", e);
    }
  }

  /** Writes one event and flushes it; the first commits the response. */
  private void writeChecked(String type, Fields fields) throws IOException {
    if (out == null) {
      firstEvent = clock.instant();
      out = exchange.events();
    }
    out.write(EVENT);
    out.write(type.getBytes(StandardCharsets.US_ASCII));
    out.write(DATA);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      // the generator's close hands its bytes to the stream, which stays open and sends once the event is whole
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    }
    out.write(END);
    out.flush();
  }

  /** The fields every image event has: type, the base64 (written from the bytes received), time and settings. */
  private static void writeImage(JsonGenerator json, String type, ImageData image, long createdAt,
                                 Map<String, Object> settings) throws IOException {
    json.writeStringField("type", type);
    json.writeFieldName("b64_json");
    image.writeBase64Value(json);
    json.writeNumberField("created_at", createdAt);
    for (String name : List.of("size", "quality", "background", "output_format")) {
      Object value = settings.get(name);
      if (value != null) {
        json.writeFieldName(name);
        json.writeObject(value);
      }
    }
  }

  /** OpenAI's {@code usage} of a completed event. */
  private static void writeUsage(JsonGenerator json, Usage usage) throws IOException {
    json.writeObjectFieldStart("usage");
    json.writeNumberField("total_tokens", usage.totalTokens());
    json.writeNumberField("input_tokens", usage.inputTokens());
    json.writeNumberField("output_tokens", usage.outputTokens());
    json.writeObjectFieldStart("input_tokens_details");
    json.writeNumberField("text_tokens", usage.inputTokensDetails().textTokens());
    json.writeNumberField("image_tokens", usage.inputTokensDetails().imageTokens());
    json.writeEndObject();
    if (!usage.outputTokensDetails().isEmpty()) {
      json.writeObjectFieldStart("output_tokens_details");
      json.writeNumberField("image_tokens", usage.outputTokensDetails().imageTokens());
      json.writeNumberField("text_tokens", usage.outputTokensDetails().textTokens());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /** Writes an event's fields into its JSON object. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator json) throws IOException;
  }
}
