package dev.imagegate.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagegate.ContentFilter;
import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an OpenAI images response body without ever turning base64 into a {@code String}: each {@code b64_json}
 * value stays a slice of the body bytes (see {@link ImageData#ofJsonBase64}), written back out byte for byte. Long
 * plain strings are found with SIMD registers where available ({@link PlainScan}) and cut out before Jackson tokenizes
 * the rest ({@link ElidedJson}), so a multi-megabyte answer costs one fast scan and no garbage.
 */
final class OpenAiResponseReader {
  private static final Set<String> OUTPUT_FIELDS = Set.of("background", "output_format", "quality", "size");

  private final byte[] body;
  private final ElidedJson elided;
  private final ImageData.Fetcher fetcher;
  /** Azure's per-image verdicts, in image order. */
  private final List<ContentFilter.ImageVerdicts> imageVerdicts = new ArrayList<>();

  private OpenAiResponseReader(byte[] body, ImageData.Fetcher fetcher) {
    this.body = body;
    this.elided = ElidedJson.of(body);
    this.fetcher = fetcher;
  }

  /**
   * Maps a 200 body.
   *
   * @throws IOException when the body is not valid (or is truncated) JSON
   * @throws IllegalArgumentException naming what is missing when it is JSON but not an images response
   */
  static ImageResponse read(byte[] body, String provider, String model, long now, ImageData.Fetcher fetcher)
      throws IOException {
    return new OpenAiResponseReader(body, fetcher).read(provider, model, now);
  }

  private ImageResponse read(String provider, String model, long now) throws IOException {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(elided.compact())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("an images response object with a data array");
      }
      Long created = null;
      List<ImageData> images = null;
      Usage usage = Usage.NONE;
      Map<String, Object> fields = new LinkedHashMap<>();
      List<ContentFilter.PromptVerdicts> promptVerdicts = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("created") && value == JsonToken.VALUE_NUMBER_INT) {
          created = parser.getLongValue();
        } else if (name.equals("data")) {
          images = data(parser);
        } else if (name.equals("usage") && value == JsonToken.START_OBJECT) {
          usage = OpenAiMapping.usage(Json.MAPPER.readValue(parser, OpenAiWire.WireUsage.class));
        } else if (OUTPUT_FIELDS.contains(name) && value == JsonToken.VALUE_STRING) {
          fields.put(name, text(parser));
        } else if (name.equals("credits") && value.isNumeric()) {
          fields.put(name, parser.getDecimalValue());
        } else if (name.equals("prompt_filter_results") && value == JsonToken.START_ARRAY) {
          promptVerdicts = ContentFilterJson.prompts(Json.MAPPER.readTree(parser));
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new IOException("unexpected content after the response object");
      }
      if (images == null || images.isEmpty()) {
        throw new IllegalArgumentException("a non-empty data array of images");
      }
      ContentFilter filter = new ContentFilter(imageVerdicts, promptVerdicts);
      return ImageResponse.of(created == null ? now : created, images, usage, fields, provider, model)
          .withContentFilter(filter.isEmpty() ? ContentFilter.NONE : filter);
    }
  }

  private List<ImageData> data(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("an images response object with a data array");
    }
    List<ImageData> images = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("data items that are objects with b64_json or url");
      }
      images.add(item(parser));
    }
    return images;
  }

  private ImageData item(JsonParser parser) throws IOException {
    int[] base64 = null;
    String base64Text = null;
    String url = null;
    String revised = null;
    Map<String, ContentFilter.Verdict> content = Map.of();
    Map<String, ContentFilter.Verdict> prompt = Map.of();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("content_filter_results") && value == JsonToken.START_OBJECT) {
        content = ContentFilterJson.verdicts(Json.MAPPER.readTree(parser));
      } else if (name.equals("prompt_filter_results") && value == JsonToken.START_OBJECT) {
        prompt = ContentFilterJson.verdicts(Json.MAPPER.readTree(parser));
      } else if (value != JsonToken.VALUE_STRING) {
        parser.skipChildren();
      } else if (name.equals("b64_json")) {
        base64 = stringSlice(parser);
        base64Text = base64 == null ? parser.getText() : null;
      } else if (name.equals("url")) {
        url = text(parser);
      } else if (name.equals("revised_prompt")) {
        revised = text(parser);
      }
    }
    imageVerdicts.add(new ContentFilter.ImageVerdicts(content, prompt));
    if (base64 != null && base64[1] > 0) {
      return ImageData.ofJsonBase64(body, base64[0], base64[1], base64[2] != 0, revised);
    }
    if (base64Text != null && !base64Text.isEmpty()) {
      return ImageData.ofBase64(base64Text, revised);
    }
    if (url != null && !url.isEmpty()) {
      return ImageData.ofUrl(url, revised, fetcher);
    }
    throw new IllegalArgumentException("each data item to carry b64_json or url");
  }

  /** The current string value, also when its content was cut out before tokenizing. */
  private String text(JsonParser parser) throws IOException {
    int[] cut = elided.cutAt(parser.currentTokenLocation().getByteOffset());
    return cut == null ? parser.getText() : elided.text(cut);
  }

  /**
   * Where the current string value's content lies in the body, {offset, length, 1 when it has escapes else 0}, found
   * without decoding it; null when the parser cannot say where the string starts.
   */
  private int[] stringSlice(JsonParser parser) throws IOException {
    return elided.slice(parser.currentTokenLocation().getByteOffset());
  }
}
