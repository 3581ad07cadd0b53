package dev.imagegate.gateway.images;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagegate.ImageData;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageStreamListener;
import dev.imagegate.Operation;
import dev.imagegate.PartialImageWriter;
import dev.imagegate.Usage;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.gateway.http.AnswerBudget;
import dev.imagegate.gateway.http.ErrorBody;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.provider.Json;
import dev.imagegate.router.CallResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One streamed answer: OpenAI's server-sent events ({@code event: <type>}, {@code data: <json>}) written to the
 * client. Partial images are relayed as their base64 arrives ({@link #partialImage}: each piece written and flushed
 * as the upstream read hands it over), on the thread reading the upstream, so a slow client
 * slows that read and no partial image is ever held here; the first one commits the response (200,
 * {@code text/event-stream}). A partial image whose relay breaks off is left with its JSON unterminated (no client
 * takes it for an image) and the {@code error} event follows. Completed images are held (the router has them in memory anyway) until
 * {@link #complete} is called, after the call's spend row is durable: money is data, and a paid image is never sent
 * before its record. A write that fails (the client went away) throws from {@link #onEvent}, which makes the router
 * cancel the upstream call. While the upstream is quiet (a model thinks for seconds between events), a comment line
 * ({@code : keep-alive}) is written every {@code heartbeat}: SSE clients ignore it, proxies see a live connection,
 * and a client that went away is noticed then, {@code onClientGone} running to abort the upstream read. Events are
 * written on the call's thread, heartbeats on one virtual thread of their own; writes are serialised.
 */
final class EventStreamAnswer implements ImageStreamListener.Piecewise {
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IMAGE_FIELD = "\",\"b64_json\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TYPE_FIELD = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Exchange exchange;
  private final Clock clock;
  private final Duration heartbeat;
  private final Runnable onClientGone;
  private final List<ImageEvent.CompletedImage> completed = new ArrayList<>();
  private final ReentrantLock writing = new ReentrantLock();
  private volatile OutputStream out;
  private volatile long lastWrite;
  private volatile boolean ended;
  private volatile boolean gone;
  /** An event is half written (a partial image being relayed): no keep-alive may go between its pieces. */
  private volatile boolean midEvent;
  private volatile Thread heartbeatThread;
  private int completedCount;
  private boolean streamedUpstream;
  private Instant firstEvent;
  private int partialsSent;

  /**
   * @param heartbeat how long the stream may be quiet before a keep-alive comment is written
   * @param onClientGone run (on the heartbeat's thread) when a keep-alive finds the client gone
   */
  EventStreamAnswer(Exchange exchange, Clock clock, Duration heartbeat, Runnable onClientGone) {
    this.exchange = exchange;
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.onClientGone = onClientGone;
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
        AnswerBudget.releaseHeld(); // the event is passed on: its room goes to the next event, this or another call's
      }
      case ImageEvent.CompletedImage image -> {
        completed.add(image);
        streamedUpstream = (completedCount++ == 0 || streamedUpstream) && image.streamedUpstream();
      }
      case ImageEvent.Finished finished -> {
        // the router's stream() ends with the result instead; nothing to send
      }
    }
  }

  /**
   * Relays one partial image: its event's head ({@code event:}, then {@code data:} with the type and the start of
   * {@code b64_json}) is written now, each piece of base64 as it comes, and the rest of its fields when it ends.
   */
  @Override
  public PartialImageWriter partialImage(Operation operation) {
    String type = ImageEvent.prefix(operation) + ".partial_image";
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    write(() -> {
      midEvent = true;
      out.write(EVENT);
      out.write(typeBytes);
      out.write(DATA);
      out.write(TYPE_FIELD);
      out.write(typeBytes);
      out.write(IMAGE_FIELD);
    });
    return new PartialImageWriter() {
      @Override
      public void base64(byte[] bytes, int offset, int length) {
        write(() -> {
          out.write(bytes, offset, length);
          out.flush();
        });
      }

      @Override
      public void end(int partialImageIndex, long createdAt, Map<String, Object> fields) {
        byte[] rest = restOfPartial(createdAt, fields, partialImageIndex);
        write(() -> {
          // closes the base64 string; the rest of the fields, written as an object, continue the open one
          out.write('"');
          out.write(',');
          out.write(rest, 1, rest.length - 1);
          out.write(END);
          out.flush();
          midEvent = false;
        });
        partialsSent++;
      }

      @Override
      public void abandon() {
        writing.lock();
        try {
          if (midEvent && out != null) {
            // ends the event with its JSON unterminated: a client's parser fails on it rather than take it
            out.write(END);
            out.flush();
          }
        } catch (IOException | RuntimeException e) {
          gone = true;
        } finally {
          midEvent = false;
          writing.unlock();
        }
      }
    };
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

  /**
   * {@code result}, or, when it failed because the upstream read was aborted after a keep-alive found the client
   * gone, the same call failed as {@link Cancelled} (what it was billed stays its cost): the client cancelled it, the
   * upstream did not fail.
   */
  CallResult asCancelledIfGone(CallResult result) {
    if (result.succeeded() || !gone || result.failure() instanceof Cancelled) {
      return result;
    }
    Cancelled cancelled = new Cancelled("The client went away during the stream: the call was abandoned",
        ImageGateException.Details.NONE, result.failure());
    return new CallResult(null, cancelled, result.attempts(), result.fallbacksTried(), result.cost());
  }

  /** Whether every completed image came from a provider that streamed the call itself (false before any came). */
  boolean streamedUpstream() {
    return streamedUpstream;
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
   * answer would carry it). When the client is gone the failed write is ignored: nobody is left to tell.
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

  /**
   * Stops the keep-alives (the call is over, however it ended) and lets go of the completed images; idempotent. The
   * keep-alive thread ends at once: while it slept it kept this answer, and so its images, reachable (at a few
   * hundred streams ending per second that was hundreds of megabytes of heap).
   */
  void close() {
    ended = true;
    completed.clear();
    Thread beating = heartbeatThread;
    if (beating != null) {
      beating.interrupt();
    }
  }

  private void end() throws IOException {
    writing.lock();
    try {
      ended = true;
      if (out != null) {
        out.close();
      }
    } finally {
      writing.unlock();
    }
  }

  private void write(String type, Fields fields) {
    write(() -> writeEvent(type, fields));
  }

  /** Runs {@code step} under the write lock; a failed write means the client went away (the router cancels). */
  private void write(Step step) {
    try {
      writeLocked(step);
    } catch (IOException e) {
      throw new UncheckedIOException("the client stopped receiving the stream", e);
    }
  }

  /** Writes one event and flushes it; the first commits the response and starts the keep-alives. */
  private void writeChecked(String type, Fields fields) throws IOException {
    writeLocked(() -> writeEvent(type, fields));
  }

  /** Runs a write under the lock; the first commits the response and starts the keep-alives. */
  private void writeLocked(Step step) throws IOException {
    writing.lock();
    try {
      if (out == null) {
        firstEvent = clock.instant();
        out = exchange.events();
        heartbeatThread = Thread.ofVirtual().name("imagegate-stream-keepalive").start(this::keepAlive);
      }
      step.run();
      lastWrite = System.nanoTime();
    } catch (IOException e) {
      gone = true;
      throw e;
    } finally {
      writing.unlock();
    }
  }

  /**
   * Writes a keep-alive comment whenever the stream has been quiet for {@code heartbeat}, until it ends or the
   * client is found gone (then {@code onClientGone} runs). Skips a beat while an event is being written.
   */
  private void keepAlive() {
    try {
      while (!ended && !gone) {
        Thread.sleep(heartbeat.dividedBy(2));
        if (ended || midEvent || System.nanoTime() - lastWrite < heartbeat.toNanos() || !writing.tryLock()) {
          continue;
        }
        try {
          if (!ended && !midEvent) {
            out.write(KEEP_ALIVE);
            out.flush();
            lastWrite = System.nanoTime();
          }
        } catch (IOException | RuntimeException e) {
          // a response Jetty has already ended fails its writes with runtime exceptions too: the client is gone
          gone = true;
        } finally {
          writing.unlock();
        }
      }
      if (gone && !ended) {
        onClientGone.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeEvent(String type, Fields fields) throws IOException {
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
    writeSettings(json, createdAt, settings);
  }

  /** {@code created_at} and the settings OpenAI's image events carry. */
  private static void writeSettings(JsonGenerator json, long createdAt, Map<String, Object> settings)
      throws IOException {
    json.writeNumberField("created_at", createdAt);
    for (String name : List.of("size", "quality", "background", "output_format")) {
      Object value = settings.get(name);
      if (value != null) {
        json.writeFieldName(name);
        json.writeObject(value);
      }
    }
  }

  /** The fields of a relayed partial image that follow its base64, as a JSON object of their own. */
  private static byte[] restOfPartial(long createdAt, Map<String, Object> settings, int partialImageIndex) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(192);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(bytes)) {
      json.writeStartObject();
      writeSettings(json, createdAt, settings);
      json.writeNumberField("partial_image_index", partialImageIndex);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
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

  /** A write to the client's stream. */
  @FunctionalInterface
  private interface Step {
    void run() throws IOException;
  }

  /** Writes an event's fields into its JSON object. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator json) throws IOException;
  }
}
