package dev.imagegate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageEvent;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.PartialImages;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ServerSentEvents;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.MockServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event reader alone: the answer it builds, the events it skips or refuses, and the status of error events. */
class OpenAiStreamReaderTest {
  private static final OpenAiProvider PROVIDER = new OpenAiProvider();
  private static final ProviderCall CALL = EditCalls.call(PROVIDER, "gpt-image-2",
      ImageRequest.builder("a fox").model("openai/gpt-image-2").build(), Map.of("OPENAI_API_KEY", "sk-x"));
  private static final HttpTransport.Response HEAD = new HttpTransport.Response(200,
      Map.of("x-request-id", List.of("req_1")), null);

  private final List<ImageEvent.PartialImage> partials = new ArrayList<>();

  private ImageResponse read(String stream) throws IOException {
    PartialImages sink = new PartialImages() {
      @Override
      public int wanted() {
        return 3;
      }

      @Override
      public void accept(ImageEvent.PartialImage partial) {
        partials.add(partial);
      }
    };
    return new OpenAiStreamReader(CALL, "openai", sink, HEAD, response -> OpenAiErrors.map(CALL, response))
        .read(new ServerSentEvents(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8))),
            HttpTransport.Holding.NONE);
  }

  private static String completed(String b64, int outputImageTokens) {
    return "event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"b64_json\":\"" + b64
        + "\",\"created_at\":11,\"output_format\":\"png\",\"usage\":{\"input_tokens\":10,\"output_tokens\":"
        + outputImageTokens + ",\"total_tokens\":" + (10 + outputImageTokens) + ",\"input_tokens_details\":"
        + "{\"text_tokens\":10,\"image_tokens\":0},\"output_tokens_details\":{\"image_tokens\":" + outputImageTokens
        + ",\"text_tokens\":0}}}\n\n";
  }

  private static byte[] png(int length) {
    byte[] head = Base64.getDecoder().decode(MockServers.PNG_1X1);
    byte[] image = java.util.Arrays.copyOf(head, Math.max(length, head.length));
    for (int i = head.length; i < image.length; i++) {
      image[i] = (byte) (i * 31 + length);
    }
    return image;
  }

  @Test
  void imagesLargerAndSmallerThanTheOneBeforeThemAreGatheredWhole() throws IOException {
    // each image is gathered into a block the size of the one before it: one that fits, one that does not, one far
    // smaller, all must come out exact
    byte[] partial = png(200_000);
    byte[] same = png(199_000);
    byte[] larger = png(700_000);
    byte[] smaller = png(3_000);
    String stream = "event: image_generation.partial_image\ndata: {\"type\":\"image_generation.partial_image\","
        + "\"b64_json\":\"" + Base64.getEncoder().encodeToString(partial) + "\",\"partial_image_index\":0}\n\n"
        + completed(Base64.getEncoder().encodeToString(same), 1) + completed(Base64.getEncoder().encodeToString(larger), 1)
        + completed(Base64.getEncoder().encodeToString(smaller), 1);

    ImageResponse response = read(stream);

    assertThat(partials).hasSize(1);
    assertThat(partials.get(0).image().bytes()).isEqualTo(partial);
    assertThat(response.data()).hasSize(3);
    assertThat(response.bytes(0)).isEqualTo(same);
    assertThat(response.bytes(1)).isEqualTo(larger);
    assertThat(response.bytes(2)).isEqualTo(smaller);
  }

  @Test
  void severalCompletedEventsGiveTheirImagesInOrderAndTheSumOfTheirUsage() throws IOException {
    byte[] second = Base64.getDecoder().decode(MockServers.PNG_1X1);
    second[second.length - 1] ^= 1;
    String secondB64 = Base64.getEncoder().encodeToString(second);

    ImageResponse response = read(completed(MockServers.PNG_1X1, 100) + completed(secondB64, 200));

    assertThat(response.data()).hasSize(2);
    assertThat(response.bytes(1)).isEqualTo(second);
    assertThat(response.usage().inputTokens()).isEqualTo(20);
    assertThat(response.usage().outputTokensDetails().imageTokens()).isEqualTo(300);
    assertThat(response.created()).isEqualTo(11);
  }

  @Test
  void escapedBase64IsKeptAsASliceAndUnescapedWhenDecoded() throws IOException {
    String escaped = MockServers.PNG_1X1.replace("/", "\\/");

    ImageResponse response = read("data: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"" + escaped
        + "\",\"partial_image_index\":0}\n\n" + completed(escaped, 5));

    assertThat(partials).singleElement().satisfies(p ->
        assertThat(p.bytes()).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1)));
    assertThat(response.bytes()).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
  }

  @Test
  void unknownEventTypesAreSkippedAndDoneEndsTheStream() throws IOException {
    ImageResponse response = read("data: {\"type\":\"image_generation.progress\",\"percent\":40}\n\n"
        + completed(MockServers.PNG_1X1, 5) + "data: [DONE]\n\ndata: {\"not\":\"read\"}\n\n");

    assertThat(response.data()).hasSize(1);
  }

  @Test
  void anEventWithoutATypeOrAnImageIsUpstreamProtocol() {
    UpstreamProtocol untyped = catchThrowableOfType(UpstreamProtocol.class, () -> read("data: {\"b64\":1}\n\n"));
    assertThat(untyped.getMessage()).contains("an event without a type");
    assertThat(untyped.details().requestId()).isEqualTo("req_1");

    UpstreamProtocol imageless = catchThrowableOfType(UpstreamProtocol.class,
        () -> read("data: {\"type\":\"image_generation.completed\",\"b64_json\":\"\"}\n\n"));
    assertThat(imageless.getMessage()).contains("without b64_json");
  }

  @Test
  void anEventOverTheSizeLimitIsUpstreamProtocol() {
    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class, () ->
        new OpenAiStreamReader(CALL, "openai", null, HEAD, response -> OpenAiErrors.map(CALL, response))
            .read(new ServerSentEvents(new ByteArrayInputStream(("data: " + "A".repeat(100) + "\n\n")
                .getBytes(StandardCharsets.US_ASCII)), 64), HttpTransport.Holding.NONE));

    assertThat(e.getMessage()).contains("malformed event stream").contains("longer than 64 bytes");
  }

  @Test
  void anErrorEventWithABareErrorObjectIsMappedToo() {
    RateLimited e = catchThrowableOfType(RateLimited.class, () -> read("event: error\ndata: {\"message\":"
        + "\"Slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}\n\n"));

    assertThat(e.getMessage()).contains("Slow down");
  }

  @Test
  void anErrorEventWhoseDataIsNotJsonIsAServerErrorQuotingIt() {
    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class,
        () -> read("event: error\ndata: upstream exploded\n\n"));

    assertThat(e.getMessage()).contains("upstream exploded");
  }

  @Test
  void errorTypesMeanTheStatusesOfOpenAisErrorTable() {
    assertThat(mapped("invalid_request_error", null)).isInstanceOf(BadRequest.class);
    assertThat(mapped("image_generation_user_error", "moderation_blocked"))
        .isInstanceOf(ContentPolicyViolation.class);
    assertThat(mapped("authentication_error", "invalid_api_key")).isInstanceOf(Authentication.class);
    assertThat(mapped("insufficient_quota", "insufficient_quota"))
        .isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.retryable()).isFalse());
    assertThat(mapped("server_error", null)).isInstanceOf(UpstreamUnavailable.class);
    assertThat(mapped(null, null)).isInstanceOf(UpstreamUnavailable.class);
  }

  private ImageGateException mapped(String type, String code) {
    String error = "{\"type\":\"error\",\"error\":{\"message\":\"m\",\"type\":" + quoted(type) + ",\"code\":"
        + quoted(code) + "}}";
    return catchThrowableOfType(ImageGateException.class, () -> read("data: " + error + "\n\n"));
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }

  // ---- partial images passed on piecewise (a gateway relaying the stream) ----

  /** A caller that takes partial images piecewise: what it was handed, in order. */
  private static final class Pieces implements PartialImages {
    final List<String> log = new ArrayList<>();
    final java.io.ByteArrayOutputStream base64 = new java.io.ByteArrayOutputStream();
    int pieces;
    String failOnPiece;

    @Override
    public int wanted() {
      return 3;
    }

    @Override
    public void accept(ImageEvent.PartialImage partial) {
      log.add("whole " + partial.partialImageIndex() + " " + partial.image().b64Json().length());
    }

    @Override
    public boolean piecewise() {
      return true;
    }

    @Override
    public dev.imagegate.PartialImageWriter begin(byte[] head, int length) {
      log.add("begin " + new String(head, 0, length, StandardCharsets.US_ASCII));
      base64.reset();
      base64.write(head, 0, length);
      return new dev.imagegate.PartialImageWriter() {
        @Override
        public void base64(byte[] bytes, int offset, int count) {
          if (failOnPiece != null) {
            throw new IllegalStateException(failOnPiece);
          }
          pieces++;
          base64.write(bytes, offset, count);
        }

        @Override
        public void end(int partialImageIndex, long createdAt, Map<String, Object> fields) {
          log.add("end " + partialImageIndex + " " + createdAt + " " + fields + " " + base64.size());
        }

        @Override
        public void abandon() {
          log.add("abandon " + base64.size());
        }
      };
    }
  }

  /** A stream handed over at most {@code step} bytes per read, so every boundary falls everywhere. */
  private static ServerSentEvents trickle(String stream, int step) {
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    return new ServerSentEvents(new java.io.InputStream() {
      private int at;

      @Override
      public int read() {
        return at < bytes.length ? bytes[at++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] into, int offset, int length) {
        if (at == bytes.length) {
          return -1;
        }
        int n = Math.min(Math.min(length, step), bytes.length - at);
        System.arraycopy(bytes, at, into, offset, n);
        at += n;
        return n;
      }
    });
  }

  private ImageResponse readPiecewise(Pieces pieces, ServerSentEvents events, int[] roomsAsked) throws IOException {
    return new OpenAiStreamReader(CALL, "openai", pieces, HEAD, response -> OpenAiErrors.map(CALL, response))
        .read(events, () -> roomsAsked[0]++);
  }

  /** A PNG's first bytes in base64, then {@code length} more characters, with some '/' to escape. */
  private static String bigBase64(int length) {
    StringBuilder out = new StringBuilder(MockServers.PNG_1X1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt((i * 7 + i / 64) % 64));
    }
    return out.toString();
  }

  private static String partialEvent(String b64Json, int index) {
    return "event: image_generation.partial_image\ndata: {\"type\":\"image_generation.partial_image\","
        + "\"b64_json\":\"" + b64Json + "\",\"created_at\":7,\"size\":\"1024x1024\",\"partial_image_index\":"
        + index + "}\n\n";
  }

  @Test
  void partialImagesArePassedOnPieceByPieceWithEscapesUndoneAndOnlyTheCompletedImageIsHeld() throws IOException {
    String image = bigBase64(40_000);
    String escaped = image.replace("/", "\\/");
    for (int step : new int[] {1, 3, 7, 4096, 1 << 20}) {
      Pieces pieces = new Pieces();
      int[] rooms = {0};

      ImageResponse response = readPiecewise(pieces,
          trickle(partialEvent(escaped, 0) + partialEvent(escaped, 1) + completed(MockServers.PNG_1X1, 5), step),
          rooms);

      assertThat(pieces.log).as("read %d bytes at a time", step).containsExactly(
          "begin " + image.substring(0, 16), "end 0 7 {size=1024x1024} " + image.length(),
          "begin " + image.substring(0, 16), "end 1 7 {size=1024x1024} " + image.length());
      assertThat(pieces.base64.toString(StandardCharsets.US_ASCII)).isEqualTo(image);
      assertThat(rooms[0]).as("room asked only for the completed image").isEqualTo(1);
      assertThat(response.bytes()).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
      assertThat(response.usage().outputTokens()).isEqualTo(5);
    }
  }

  @Test
  void aPartialWhoseTypeComesOnlyAfterItsImageIsHandedOnWhole() throws IOException {
    Pieces pieces = new Pieces();

    readPiecewise(pieces, trickle("data: {\"b64_json\":\"" + MockServers.PNG_1X1 + "\",\"type\":"
        + "\"image_generation.partial_image\",\"partial_image_index\":0}\n\n" + completed(MockServers.PNG_1X1, 5), 5),
        new int[1]);

    assertThat(pieces.log).containsExactly("whole 0 " + MockServers.PNG_1X1.length());
  }

  @Test
  void aStreamThatBreaksOffInsideAPartialImageAbandonsItAndFails() {
    String image = bigBase64(5_000);
    String cut = partialEvent(image, 0);
    cut = cut.substring(0, cut.indexOf(image) + 3_000);
    for (String stream : new String[] {
        cut,
        cut + "\n\n",
        cut + "\ndata: more\n\n",
        cut + "\u00e9rest\"}\n\n",
        cut + "\\u0041rest\"}\n\n",
        cut + "\",\"type\":\"image_generation.completed\"}\n\n",
        cut + "\",\"partial_image_index\":0,}\n\n"}) {
      Pieces pieces = new Pieces();

      UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class,
          () -> readPiecewise(pieces, trickle(stream, 1000), new int[1]));

      assertThat(e).as(stream.substring(stream.length() - 30)).isNotNull();
      if (stream.equals(cut)) {
        // the upstream closed inside the image: said so, not "0 partial images came"
        assertThat(e).hasMessageContaining("ended in the middle of an image event (0 whole partial image(s) came");
      }
      assertThat(pieces.log).hasSize(2).first().asString().startsWith("begin ");
      assertThat(pieces.log.get(1)).startsWith("abandon ");
    }
  }

  @Test
  void aCallerThatStopsTakingPiecesStopsTheRead() {
    Pieces pieces = new Pieces();
    pieces.failOnPiece = "client gone";

    IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> readPiecewise(pieces,
        trickle(partialEvent(bigBase64(1_000), 0) + completed(MockServers.PNG_1X1, 5), 100), new int[1]));

    assertThat(e).hasMessage("client gone");
    assertThat(pieces.log).first().asString().startsWith("begin ");
  }

  @Test
  void onlyTheTopLevelB64JsonIsTheImage() throws IOException {
    Pieces pieces = new Pieces();

    readPiecewise(pieces, trickle("event: image_generation.partial_image\ndata: {\"type\":"
        + "\"image_generation.partial_image\",\"meta\":{\"b64_json\":\"QUJD\",\"x\":[\"b64_json\"]},"
        + "\"note\":\"\\\"b64_json\\\":\\\"\",\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}\n\n"
        + completed(MockServers.PNG_1X1, 5), 2), new int[1]);

    assertThat(pieces.base64.toString(StandardCharsets.US_ASCII)).isEqualTo(MockServers.PNG_1X1);
  }
}
