package dev.imagegate.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.InputImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A JSON body with input images inline as base64 strings (Gemini's {@code inlineData}, OpenRouter's data URIs),
 * streamed: the tree is built with a placeholder string where each image goes, written once, and cut at the
 * placeholders, so each image is base64-encoded while sent and never held whole in memory. Not thread-safe while
 * building.
 */
public final class InlineJson {
  private final String token = "imagegate-inline-" + UUID.randomUUID().toString().replace("-", "");
  private final Map<String, InputImage> images = new LinkedHashMap<>();

  /**
   * The placeholder to put in the tree where {@code image}'s base64 goes, after {@code prefix} (e.g.
   * {@code data:image/png;base64,}; empty for none).
   */
  public String placeholder(String prefix, InputImage image) {
    String key = token + "-" + images.size();
    images.put(key, image);
    return prefix + key;
  }

  /** Writes {@code tree} with each placeholder replaced by its image's base64. */
  public StreamedBody body(JsonNode tree) {
    byte[] json = Json.write(tree);
    String text = new String(json, StandardCharsets.UTF_8);
    List<StreamedBody.Piece> pieces = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = text.indexOf(token, from);
      if (at < 0) {
        break;
      }
      int end = at + token.length() + 1;
      while (end < text.length() && Character.isDigit(text.charAt(end))) {
        end++;
      }
      pieces.add(new StreamedBody.Bytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8)));
      pieces.add(new StreamedBody.Base64Of(images.get(text.substring(at, end))));
      from = end;
    }
    pieces.add(new StreamedBody.Bytes(text.substring(from).getBytes(StandardCharsets.UTF_8)));
    return new StreamedBody(pieces);
  }
}
