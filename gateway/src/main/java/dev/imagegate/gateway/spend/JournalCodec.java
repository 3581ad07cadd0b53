package dev.imagegate.gateway.spend;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.imagegate.gateway.store.SpendEvent;
import dev.imagegate.gateway.store.SpendRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One journal line per spend event: {@code {"row":{...}}} or {@code {"undelivered":"<request id>"}}, JSON with
 * instants as ISO-8601 text, so a line reads back to the exact event it was written from.
 */
final class JournalCodec {
  /** The line's shape; exactly one field is set. */
  record Line(SpendRow row, String undelivered) {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new SimpleModule("journal-instants")
          .addSerializer(Instant.class, ToStringSerializer.instance)
          .addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
              return Instant.parse(parser.getValueAsString());
            }
          }))
      .build();

  private JournalCodec() {}

  /** The event as one line of UTF-8 JSON, ending in a newline. Only rows and undelivered marks are journaled. */
  static byte[] encode(SpendEvent event) {
    Line line = switch (event) {
      case SpendRow row -> new Line(row, null);
      case SpendEvent.Undelivered undelivered -> new Line(null, undelivered.requestId());
      case SpendEvent.BudgetReset reset -> throw new IllegalArgumentException("budget resets are not journaled");
    };
    try {
      byte[] json = MAPPER.writeValueAsBytes(line);
      byte[] out = new byte[json.length + 1];
      System.arraycopy(json, 0, out, 0, json.length);
      out[json.length] = '\n';
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event a line holds; throws on a torn or foreign line. */
  static SpendEvent decode(String text) throws IOException {
    Line line = MAPPER.readValue(text, Line.class);
    if (line.row() != null) {
      return line.row();
    }
    if (line.undelivered() != null) {
      return new SpendEvent.Undelivered(line.undelivered());
    }
    throw new IOException("a journal line with neither a row nor an undelivered mark");
  }
}
