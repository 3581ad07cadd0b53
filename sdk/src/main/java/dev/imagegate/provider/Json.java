package dev.imagegate.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration imagegate uses. Image payloads are large: a 4K image's base64 is beyond Jackson's
 * default 20M-character string limit, so the limit is raised to {@link #MAX_STRING_LENGTH}. Unknown fields are
 * ignored (providers add fields), and floating point numbers are read exactly.
 */
public final class Json {
  /** 512M characters: room for any image a provider returns. */
  public static final int MAX_STRING_LENGTH = 512 * 1024 * 1024;

  public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
          // buffers are pooled across threads: the default keeps them per thread, and every request runs on a new
          // virtual thread, so they would be allocated anew for every parse
          .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
          .build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private static final ObjectReader ONE_VALUE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses JSON, throwing {@link IOException} on malformed or truncated input. */
  public static JsonNode parse(byte[] body) throws IOException {
    return MAPPER.readTree(body);
  }

  /** Parses exactly one JSON value: data after it (even another value) is an error, as is malformed input. */
  public static JsonNode parseOne(byte[] body) throws IOException {
    return ONE_VALUE.readTree(body);
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Converts a JSON-compatible Java value (string, number, boolean, list, map, JsonNode) to a tree. */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }
}
