package dev.imagegate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;

/** A server-sent-events body read back as its events, for tests: each {@code event:} name and its JSON data. */
record SseEvents(List<Event> events) {
  record Event(String name, JsonNode data) {}

  /** Parses {@code body}; every event must have one {@code event:} and one {@code data:} line. */
  static SseEvents parse(String body) {
    List<Event> out = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String name = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring("event: ".length());
        } else if (line.startsWith("data: ")) {
          data = line.substring("data: ".length());
        } else {
          throw new AssertionError("unexpected line in an event: " + line);
        }
      }
      if (name == null || data == null) {
        throw new AssertionError("an event needs event: and data: lines: " + block);
      }
      out.add(new Event(name, Fixtures.tree(data)));
    }
    return new SseEvents(out);
  }

  /** Reads {@code in} until {@code marker} has come (a stream still open); returns what came. */
  static String readUntil(java.io.InputStream in, String marker) throws java.io.IOException {
    StringBuilder seen = new StringBuilder();
    byte[] buffer = new byte[8192];
    while (seen.indexOf(marker) < 0) {
      int read = in.read(buffer);
      if (read < 0) {
        throw new AssertionError("the stream ended before " + marker + ": " + seen);
      }
      seen.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    return seen.toString();
  }

  List<String> names() {
    return events.stream().map(Event::name).toList();
  }

  Event get(int index) {
    return events.get(index);
  }
}
