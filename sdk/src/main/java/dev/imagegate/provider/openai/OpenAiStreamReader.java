package dev.imagegate.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.Usage;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamProtocol;
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
 * turned into a {@code String}: each image is a slice of its event's bytes, found by {@link ElidedJson} before Jackson
 * reads the few hundred bytes left. Not thread-safe: one reader per stream.
 *
 * <p>Usage: each completed event carries the usage of its image's generation (OpenAI's events reference: "the token
 * usage information for the image generation"), so a call with several completed events is billed the sum of them.
 */
final class OpenAiStreamReader {
  private static final Set<String> OUTPUT_FIELDS = Set.of("background", "output_format", "quality", "size");

  /** One event's data as read: what OpenAI's image events and error events carry. */
  private record Data(String type, ImageData image, Long createdAt, Integer partialIndex, Usage usage,
                      Map<String, Object> fields, boolean error) {
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
   * completed images in arrival order, the summed usage and the last completed event's settings.
   *
   * @throws ImageGateException the provider's typed error for an error event; {@link UpstreamProtocol} for data
   *     that is not an image event, or a stream that ends before its completed event
   * @throws IOException when reading the stream fails (the caller maps it)
   */
  ImageResponse read(ServerSentEvents events) throws IOException {
    ServerSentEvents.Event event;
    while ((event = nextOf(events)) != null) {
      if (!accept(event)) {
        break;
      }
    }
    if (images.isEmpty()) {
      throw protocol("an answer that ended before its completed event (" + partialsSeen + " partial image(s) came;"
          + " expected an " + ImageEvent.prefix(operation) + ".completed event with the image)", null);
    }
    long now = call.clock().instant().getEpochSecond();
    return ImageResponse.of(created == null ? now : created, images, usage, fields, provider, call.model());
  }

  private ServerSentEvents.Event nextOf(ServerSentEvents events) throws IOException {
    try {
      return events.next();
    } catch (ServerSentEvents.Malformed e) {
      throw protocol("a malformed event stream: " + e.getMessage(), e);
    }
  }

  /** Handles one event; false at an explicit end ({@code [DONE]}, which some compatible servers send). */
  private boolean accept(ServerSentEvents.Event event) {
    if (isDone(event.data())) {
      return false;
    }
    if (event.name().equals("error")) {
      throw errors.apply(errorAnswer(event));
    }
    Data data = parse(event);
    if (data.error()) {
      throw errors.apply(errorAnswer(event));
    }
    if (data.type() == null) {
      throw protocol("an event without a type (expected " + ImageEvent.prefix(operation)
          + ".partial_image or .completed): " + ProviderHttp.snippet(event.data()), null);
    }
    if (data.type().endsWith(".partial_image")) {
      int index = data.partialIndex() == null ? partialsSeen : data.partialIndex();
      partialsSeen++;
      partials.accept(new ImageEvent.PartialImage(operation, index, image(data), time(data), data.fields()));
    } else if (data.type().endsWith(".completed")) {
      images.add(image(data));
      usage = usage.plus(data.usage());
      fields.putAll(data.fields());
      created = created == null ? data.createdAt() : created;
    }
    return true;
  }

  private ImageData image(Data data) {
    if (data.image() == null) {
      throw protocol("a " + data.type() + " event without b64_json (expected the image as base64)", null);
    }
    return data.image();
  }

  private long time(Data data) {
    return data.createdAt() != null ? data.createdAt() : call.clock().instant().getEpochSecond();
  }

  private Data parse(ServerSentEvents.Event event) {
    byte[] body = event.data();
    ElidedJson elided = ElidedJson.of(body);
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(elided.compact())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      String type = null;
      ImageData image = null;
      Long createdAt = null;
      Integer index = null;
      Usage eventUsage = Usage.NONE;
      boolean error = false;
      Map<String, Object> eventFields = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("b64_json") && value == JsonToken.VALUE_STRING) {
          image = base64(parser, elided, body);
        } else if (name.equals("type") && value == JsonToken.VALUE_STRING) {
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
      return new Data(type, image, createdAt, index, eventUsage, eventFields, error || "error".equals(type));
    } catch (IOException e) {
      throw protocol("an event whose data is not a JSON object (expected an " + ImageEvent.prefix(operation)
          + ".* event): " + ProviderHttp.snippet(body), e);
    }
  }

  /**
   * The image of the current {@code b64_json} value, a slice of the event's bytes (escapes are undone when it is
   * decoded); null when it is empty.
   */
  private static ImageData base64(JsonParser parser, ElidedJson elided, byte[] body) throws IOException {
    int[] slice = elided.slice(parser.currentTokenLocation().getByteOffset());
    if (slice == null) {
      String text = parser.getText();
      return text.isEmpty() ? null : ImageData.ofBase64(text, null);
    }
    return slice[1] == 0 ? null : ImageData.ofJsonBase64(body, slice[0], slice[1], slice[2] != 0, null);
  }

  /**
   * An error event as the answer the provider's error table reads: {@code {"error": {...}}} (the event's data, or
   * the data wrapped when it carries the error object bare; data that is not JSON is quoted as it is) with the status
   * its error type means.
   */
  private HttpTransport.Response errorAnswer(ServerSentEvents.Event event) {
    byte[] body = event.data();
    if (bareObject(body)) {
      body = ("{\"error\":" + event.text() + "}").getBytes(StandardCharsets.UTF_8);
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
