package dev.imagegate.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.PartialImageWriter;
import dev.imagegate.Usage;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.ByteBlocks;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.PartialImages;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import dev.imagegate.provider.ServerSentEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads OpenAI's image streaming events ({@code image_generation.partial_image} / {@code .completed}, and the
 * {@code image_edit.*} pair) into partial images handed on as they arrive and the call's answer. Base64 is never
 * turned into a {@code String}, and each byte of it is looked at once ({@link ImageEventScanner}): a partial image
 * goes on piece by piece as it arrives when the caller takes it so ({@link PartialImages#piecewise}: a gateway
 * relaying the stream holds none of it), else it is gathered and handed on whole; completed images are gathered
 * (after {@link HttpTransport.Holding#awaitRoom}: the caller holds them until the call ends). Not thread-safe: one
 * reader per stream.
 *
 * <p>Usage: each completed event carries the usage of its image's generation (OpenAI's events reference: "the token
 * usage information for the image generation"), so a call with several completed events is billed the sum of them.
 */
final class OpenAiStreamReader {
  /** The largest first block a guess may ask for (16 MB), whatever length the last image had. */
  private static final int MAX_GUESS = 16 << 20;
  private static final Set<String> OUTPUT_FIELDS = Set.of("background", "output_format", "quality", "size");
  /** Base64 characters gathered before a partial image is passed on: 12 bytes, enough to tell its format. */
  private static final int HEAD = 16;

  /** One event's data as read (without its image): what OpenAI's image events and error events carry. */
  private record Data(String type, Long createdAt, Integer partialIndex, Usage usage, Map<String, Object> fields,
                      boolean error) {
  }

  private final ProviderCall call;
  private final String provider;
  private final Operation operation;
  private final PartialImages partials;
  private final HttpTransport.Response head;
  private final Function<HttpTransport.Response, ImageGateException> errors;
  private final List<ImageData> images = new ArrayList<>();
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private Usage usage = Usage.NONE;
  private Long created;
  private int partialsSeen;
  /**
   * Base64 characters of the last image this stream carried: the images of one stream are of one size, so the next
   * one is gathered into a block of about that length and taken without a copy when it fits.
   */
  private int lastImageLength;
  /** Where the image of the event being read goes, once its value has started. */
  private ImageEventScanner.Base64Sink image;

  /**
   * @param head the answer's status and headers (its body unread): for request ids in errors
   * @param errors the provider's error table, applied to an error event as if it were an answer with the status its
   *     error type means
   */
  OpenAiStreamReader(ProviderCall call, String provider, PartialImages partials, HttpTransport.Response head,
                     Function<HttpTransport.Response, ImageGateException> errors) {
    this.call = call;
    this.provider = provider;
    this.operation = call.request().operation();
    this.partials = partials;
    this.head = head;
    this.errors = errors;
  }

  /**
   * Reads {@code events} to their end: partial images go to {@code partials} in arrival order; the answer holds the
   * completed images in arrival order, the summed usage and the last completed event's settings. A partial image
   * passed on piecewise and not finished (the stream broke off or was malformed) is abandoned.
   *
   * @param holding told before a completed image is gathered
   * @throws ImageGateException the provider's typed error for an error event; {@link UpstreamProtocol} for data
   *     that is not an image event, or a stream that ends before its completed event
   * @throws IOException when reading the stream fails (the caller maps it)
   */
  ImageResponse read(ServerSentEvents events, HttpTransport.Holding holding) throws IOException {
    ImageEventScanner scanner = new ImageEventScanner(event -> choose(event, events, holding));
    boolean insideImage = false;
    try {
      String name;
      while ((name = nextOf(events, scanner)) != null) {
        if (!accept(name, scanner)) {
          break;
        }
      }
    } finally {
      insideImage = image != null;
      if (image instanceof Relay relay) {
        relay.abandon();
      }
      image = null;
    }
    if (images.isEmpty()) {
      throw protocol("an answer that ended " + (insideImage ? "in the middle of an image event" : "before its"
          + " completed event") + " (" + partialsSeen + " whole partial image(s) came before;"
          + " expected an " + ImageEvent.prefix(operation) + ".completed event with the image)", null);
    }
    long now = call.clock().instant().getEpochSecond();
    return ImageResponse.of(created == null ? now : created, images, usage, fields, provider, call.model());
  }

  /**
   * Where an event's image goes, when its value starts: passed on piecewise when the event is a partial image (by
   * its type, or its event name) and the caller takes partials so; else gathered whole.
   */
  private ImageEventScanner.Base64Sink choose(ImageEventScanner event, ServerSentEvents events,
                                              HttpTransport.Holding holding) throws IOException {
    String type = event.type() != null ? event.type() : events.eventName();
    if (type != null && type.endsWith(".partial_image") && partials.piecewise()) {
      image = new Relay();
    } else {
      holding.awaitRoom();
      int guess = Math.min(lastImageLength, MAX_GUESS);
      image = new Gathered(guess > 0 ? guess + guess / 8 + 1024 : 0);
    }
    return image;
  }

  private String nextOf(ServerSentEvents events, ImageEventScanner scanner) throws IOException {
    try {
      return events.next(scanner);
    } catch (ServerSentEvents.Malformed e) {
      throw protocol("a malformed event stream: " + e.getMessage(), e);
    }
  }

  /** Handles one event; false at an explicit end ({@code [DONE]}, which some compatible servers send). */
  private boolean accept(String name, ImageEventScanner scanner) {
    byte[] body;
    try {
      body = scanner.fields();
    } catch (ServerSentEvents.Malformed e) {
      throw protocol("a malformed event stream: " + e.getMessage(), e);
    }
    ImageEventScanner.Base64Sink sink = image;
    if (sink == null && isDone(body)) {
      return false;
    }
    if (name.equals("error")) {
      throw errors.apply(errorAnswer(body));
    }
    Data data = parse(body);
    if (data.error()) {
      throw errors.apply(errorAnswer(body));
    }
    if (data.type() == null) {
      throw protocol("an event without a type (expected " + ImageEvent.prefix(operation)
          + ".partial_image or .completed): " + ProviderHttp.snippet(body), null);
    }
    boolean partial = data.type().endsWith(".partial_image");
    if (sink instanceof Relay relay) {
      if (!partial) {
        throw protocol("a " + data.type() + " event named as a partial image", null);
      }
      int index = data.partialIndex() == null ? partialsSeen : data.partialIndex();
      partialsSeen++;
      PartialImageWriter writer = relay.whole(data);
      lastImageLength = relay.passed;
      image = null;
      writer.end(index, time(data), data.fields());
      return true;
    }
    image = null;
    if (partial) {
      int index = data.partialIndex() == null ? partialsSeen : data.partialIndex();
      partialsSeen++;
      partials.accept(new ImageEvent.PartialImage(operation, index, gathered(sink, data), time(data),
          data.fields()));
    } else if (data.type().endsWith(".completed")) {
      images.add(gathered(sink, data));
      usage = usage.plus(data.usage());
      fields.putAll(data.fields());
      created = created == null ? data.createdAt() : created;
    }
    return true;
  }

  /** The image an event gathered whole. */
  private ImageData gathered(ImageEventScanner.Base64Sink sink, Data data) {
    if (!(sink instanceof Gathered whole) || whole.bytes.length() == 0) {
      throw noImage(data);
    }
    lastImageLength = whole.bytes.length();
    return whole.bytes.take((base64, length) -> ImageData.ofJsonBase64(base64, 0, length, false, null));
  }

  private UpstreamProtocol noImage(Data data) {
    return protocol("a " + data.type() + " event without b64_json (expected the image as base64)", null);
  }

  private long time(Data data) {
    return data.createdAt() != null ? data.createdAt() : call.clock().instant().getEpochSecond();
  }

  private Data parse(byte[] body) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      String type = null;
      Long createdAt = null;
      Integer index = null;
      Usage eventUsage = Usage.NONE;
      boolean error = false;
      Map<String, Object> eventFields = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("type") && value == JsonToken.VALUE_STRING) {
          type = parser.getText();
        } else if (name.equals("created_at") && value == JsonToken.VALUE_NUMBER_INT) {
          createdAt = parser.getLongValue();
        } else if (name.equals("partial_image_index") && value == JsonToken.VALUE_NUMBER_INT) {
          index = parser.getIntValue();
        } else if (name.equals("usage") && value == JsonToken.START_OBJECT) {
          eventUsage = OpenAiMapping.usage(Json.MAPPER.readValue(parser, OpenAiWire.WireUsage.class));
        } else if (OUTPUT_FIELDS.contains(name) && value == JsonToken.VALUE_STRING) {
          eventFields.put(name, parser.getText());
        } else {
          error |= name.equals("error") && value != JsonToken.VALUE_NULL;
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new IOException("content after the event's object");
      }
      return new Data(type, createdAt, index, eventUsage, eventFields, error || "error".equals(type));
    } catch (IOException e) {
      throw protocol("an event whose data is not a JSON object (expected an " + ImageEvent.prefix(operation)
          + ".* event): " + ProviderHttp.snippet(body), e);
    }
  }

  /** A completed image (or a partial the caller takes whole), gathered as it arrives. */
  private static final class Gathered implements ImageEventScanner.Base64Sink {
    private final ByteBlocks bytes;

    /** @param expected about how many characters will come (0: no guess) */
    Gathered(int expected) {
      bytes = new ByteBlocks(expected);
    }

    @Override
    public void base64(byte[] from, int offset, int length) {
      bytes.add(from, offset, length);
    }
  }

  /**
   * A partial image passed on piecewise: its first {@link #HEAD} characters are gathered and checked to start an
   * image ({@link PartialImages#begin}), then each piece goes on as it arrives.
   */
  private final class Relay implements ImageEventScanner.Base64Sink {
    private final byte[] head = new byte[HEAD];
    private int headLength;
    private PartialImageWriter writer;
    private int passed;

    @Override
    public void base64(byte[] from, int offset, int length) {
      passed += length;
      if (writer == null) {
        int n = Math.min(length, HEAD - headLength);
        System.arraycopy(from, offset, head, headLength, n);
        headLength += n;
        offset += n;
        length -= n;
        if (headLength < HEAD) {
          return;
        }
        writer = partials.begin(head, headLength);
      }
      if (length > 0) {
        writer.base64(from, offset, length);
      }
    }

    /** The writer of the image, now whole (an image shorter than {@link #HEAD} is begun and checked now). */
    PartialImageWriter whole(Data data) {
      if (writer == null) {
        if (headLength == 0) {
          throw noImage(data);
        }
        writer = partials.begin(head, headLength);
      }
      return writer;
    }

    void abandon() {
      if (writer != null) {
        writer.abandon();
      }
    }
  }

  /**
   * An error event as the answer the provider's error table reads: {@code {"error": {...}}} (the event's data, or
   * the data wrapped when it carries the error object bare; data that is not JSON is quoted as it is) with the status
   * its error type means.
   */
  private HttpTransport.Response errorAnswer(byte[] data) {
    byte[] body = data;
    if (bareObject(body)) {
      body = ("{\"error\":" + new String(data, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
    }
    return new HttpTransport.Response(statusOf(OpenAiErrors.parse(body)), head.headers(), body);
  }

  /** Whether {@code data} is a JSON object without an {@code error} field. */
  private static boolean bareObject(byte[] data) {
    try {
      JsonNode root = Json.parse(data);
      return root.isObject() && !root.has("error");
    } catch (IOException e) {
      return false;
    }
  }

  /** The HTTP status an error's type or code stands for in OpenAI's API; a server error when it names none. */
  static int statusOf(OpenAiErrors.Parsed error) {
    String kind = (error.type() + " " + error.code()).toLowerCase(java.util.Locale.ROOT);
    if (kind.contains("insufficient_quota") || kind.contains("rate_limit")) {
      return 429;
    }
    if (kind.contains("authentication") || kind.contains("invalid_api_key")) {
      return 401;
    }
    if (kind.contains("permission")) {
      return 403;
    }
    if (kind.contains("not_found")) {
      return 404;
    }
    if (kind.contains("invalid_request") || kind.contains("content_policy") || kind.contains("moderation")
        || kind.contains("image_generation_user_error") || kind.contains("content_filter")) {
      return 400;
    }
    return 500;
  }

  private static boolean isDone(byte[] data) {
    return data.length == 6 && new String(data, StandardCharsets.US_ASCII).equals("[DONE]");
  }

  private UpstreamProtocol protocol(String what, Throwable cause) {
    return new UpstreamProtocol(provider + " streamed " + what, ProviderHttp.detailsOf(call, head), cause);
  }
}
