package dev.imagegate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming benchmark's harness against its own upstream (no gateway): the events a stream carries, the side
 * channel that times the first partial, the event scanner's reading of the SSE format, and one short round.
 */
class StreamsBenchTest {
  private static StreamUpstream upstream;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    upstream = new StreamUpstream();
    port = upstream.start(0);
  }

  @AfterAll
  static void stop() throws Exception {
    upstream.close();
  }

  private static URI url(long delay, long gap) {
    return URI.create("http://127.0.0.1:" + port + "/stream/" + delay + "/" + gap + "/v1/images/generations");
  }

  @Test
  void aStreamCarriesThreePartialsThenTheCompletedEventAndTheUpstreamTimedTheFirst() throws Exception {
    long before = System.nanoTime();
    StreamCall.Result result = new StreamCall(url(20, 5)).send(StreamCall.body("gpt-image-2", 41, 3), 10_000);

    assertThat(result.complete(3)).as(result.toString()).isTrue();
    assertThat(result.bytes()).isEqualTo(3L * upstream.eventBytes(0) + upstream.eventBytes(3));
    assertThat(upstream.eventBytes(0)).isBetween(1_400_000, 1_700_000);
    long sent = upstream.firstPartialSent(41);
    assertThat(sent).isGreaterThan(before + 20_000_000L).isLessThan(result.firstEventNanos());
    assertThat(upstream.firstPartialSent(41)).as("taken once").isEqualTo(-1);
  }

  @Test
  void aPathTheUpstreamDoesNotServeIsAnErrorStatusWithItsBody() throws Exception {
    StreamCall.Result result = new StreamCall(URI.create("http://127.0.0.1:" + port + "/nope/v1/images/generations"))
        .send(StreamCall.body("gpt-image-2", 42, 3), 10_000);

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.complete(3)).isFalse();
    assertThat(result.events()).isZero();
  }

  @Test
  void theScannerFindsEventsWhereverTheTypeSitsAcrossAnySplitAndSkipsComments() {
    String b64 = "A".repeat(5000);
    String stream = ": keep-alive\r\n\r\n"
        + "event: image_generation.partial_image\r\ndata: {\"type\":\"image_generation.partial_image\",\"b64_json\":\""
        + b64 + "\",\"partial_image_index\":0}\r\n\r\n"
        + "data: {\"b64_json\":\"" + b64 + "\",\"partial_image_index\":1,\"type\":\"image_generation.partial_image\"}"
        + "\n\n"
        + "data: {\"b64_json\":\"" + b64 + "\",\"usage\":{},\"type\":\"image_generation.completed\"}\n\n";
    byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
    StreamCall.Scanner scanner = new StreamCall.Scanner(true);
    for (int offset = 0, step = 1; offset < bytes.length; offset += step, step = step * 3 % 997 + 1) {
      scanner.feed(bytes, offset, Math.min(step, bytes.length - offset));
    }

    assertThat(scanner.events).isEqualTo(3);
    assertThat(scanner.firstIsPartialZero).isTrue();
    assertThat(scanner.lastIsCompleted).isTrue();
    assertThat(scanner.firstEventNanos).isPositive();
  }

  @Test
  void aFirstEventThatIsNotPartialZeroIsNoticed() {
    byte[] bytes = ("data: {\"type\":\"image_generation.partial_image\",\"partial_image_index\":1}\n\n")
        .getBytes(StandardCharsets.US_ASCII);
    StreamCall.Scanner scanner = new StreamCall.Scanner(true);
    scanner.feed(bytes, 0, bytes.length);

    assertThat(scanner.events).isEqualTo(1);
    assertThat(scanner.firstIsPartialZero).isFalse();
    assertThat(scanner.lastIsCompleted).isFalse();
  }

  @Test
  void aStreamOfKeepAliveCommentsOnlyEndsAtTwiceTheReadTimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.startVirtualThread(() -> {
        try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
          out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          while (true) {
            out.write("e\r\n: keep-alive\n\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(50);
          }
        } catch (Exception e) {
          // the client gave up and closed the connection
        }
      });
      StreamCall call = new StreamCall(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/x"));
      long start = System.nanoTime();

      assertThatThrownBy(() -> call.send(StreamCall.body("m", 1, 3), 300))
          .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("did not end in time");
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(550L, 5_000L);
    }
  }

  @Test
  void aShortDirectRoundTimesEveryStreamItRan() throws Exception {
    StreamsBench.Round round = new StreamsBench(upstream).round(url(0, 5), "gpt-image-2", 4, 1, 0);

    assertThat(round.failures()).isEmpty();
    assertThat(round.ok()).isGreaterThanOrEqualTo(4);
    assertThat(round.latency().getTotalCount()).isEqualTo(round.ok());
    assertThat(round.latency().getValueAtPercentile(50)).isPositive().isLessThan(1_000_000_000L);
    // a finished stream's last write may complete at the upstream just after its client started the next one
    assertThat(round.upstreamStreamsMax()).isBetween(1, 8);
  }
}
