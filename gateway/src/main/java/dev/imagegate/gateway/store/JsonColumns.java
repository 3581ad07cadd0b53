package dev.imagegate.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.imagegate.provider.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists and objects kept as JSON text, the one encoding both databases store the same way. */
final class JsonColumns {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private JsonColumns() {}

  static String write(Object value) {
    return Json.writeString(value);
  }

  static List<String> strings(String json) {
    return json == null ? List.of() : List.copyOf(read(json, STRINGS));
  }

  static Map<String, Object> object(String json) {
    return json == null ? Map.of() : Collections.unmodifiableMap(read(json, OBJECT));
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("a JSON column holds invalid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
