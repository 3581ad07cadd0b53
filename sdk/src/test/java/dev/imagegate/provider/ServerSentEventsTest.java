package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event-stream reader against the WHATWG rules, fed whole and one byte per read. */
class ServerSentEventsTest {

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void linesEndWithLfCrlfOrCr(String eol) throws IOException {
    String stream = "event: image_generation.partial_image" + eol + "data: {\"a\":1}" + eol + eol
        + "data: second" + eol + eol;

    for (List<String> events : List.of(read(stream, false), read(stream, true))) {
      assertThat(events).containsExactly("image_generation.partial_image={\"a\":1}", "message=second");
    }
  }

  @Test
  void dataLinesAreJoinedWithLineFeedsAndCommentsAndOtherFieldsAreSkipped() throws IOException {
    String stream = ": a keep-alive comment\nid: 7\nretry: 1000\ndata: one\ndata:two\ndata\n\n";

    assertThat(read(stream, false)).containsExactly("message=one\ntwo\n");
    assertThat(read(stream, true)).containsExactly("message=one\ntwo\n");
  }

  @Test
  void theEventFieldNamesOnlyItsOwnEvent() throws IOException {
    String stream = "event: error\ndata: {\"error\":{}}\n\ndata: plain\n\n";

    assertThat(read(stream, true)).containsExactly("error={\"error\":{}}", "message=plain");
  }

  @Test
  void anEventWithoutDataIsNotAnEvent() throws IOException {
    assertThat(read("event: ping\n\n: only a comment\n\ndata: x\n\n", false)).containsExactly("message=x");
  }

  @Test
  void aLastEventCutOffBeforeItsBlankLineIsDropped() throws IOException {
    assertThat(read("data: whole\n\ndata: cut", false)).containsExactly("message=whole");
    assertThat(read("data: whole\n\ndata: cut\n", true)).containsExactly("message=whole");
  }

  @Test
  void aCrlfSplitAcrossReadsIsOneLineEnd() throws IOException {
    assertThat(read("data: a\r\n\r\ndata: b\r\n\r\n", true)).containsExactly("message=a", "message=b");
  }

  @Test
  void anEventOverTheLimitIsMalformed() {
    String big = "data: " + "A".repeat(300) + "\n\n";
    assertThatThrownBy(() -> new ServerSentEvents(stream(big, true), 256).next())
        .isInstanceOf(ServerSentEvents.Malformed.class).hasMessageContaining("longer than 256 bytes");
    String manyLines = "data: " + "A".repeat(100) + "\ndata: " + "A".repeat(100) + "\ndata: " + "A".repeat(100)
        + "\n\n";
    assertThatThrownBy(() -> new ServerSentEvents(stream(manyLines, false), 256).next())
        .isInstanceOf(ServerSentEvents.Malformed.class);
  }

  @Test
  void anEventUnderTheLimitIsReadWhateverTheChunking() throws IOException {
    String payload = "B".repeat(200_000);
    String stream = "event: image_generation.completed\ndata: {\"b64_json\":\"" + payload + "\"}\n\n";

    assertThat(read(stream, true)).containsExactly("image_generation.completed={\"b64_json\":\"" + payload + "\"}");
  }

  @Test
  void aLineEndAnywhereInALongLineIsFoundEightBytesAtATime() throws IOException {
    for (int length = 0; length < 40; length++) {
      for (String eol : List.of("\n", "\r", "\r\n")) {
        String value = "x".repeat(length) + "\u00e9";
        String stream = "data: " + value + eol + "data: " + value + eol + eol;
        assertThat(read(stream, false)).as("length %d, %s", length, eol.replace("\r", "CR").replace("\n", "LF"))
            .containsExactly("message=" + value + "\n" + value);
      }
    }
  }

  private static List<String> read(String text, boolean byteByByte) throws IOException {
    List<String> out = new ArrayList<>();
    try (ServerSentEvents events = new ServerSentEvents(stream(text, byteByByte))) {
      for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
        out.add(event.name() + "=" + event.text());
      }
    }
    return out;
  }

  /** The bytes of {@code text}; with {@code byteByByte}, one byte per read, as a slow upstream sends them. */
  private static InputStream stream(String text, boolean byteByByte) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return !byteByByte ? new ByteArrayInputStream(bytes) : new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }
}
