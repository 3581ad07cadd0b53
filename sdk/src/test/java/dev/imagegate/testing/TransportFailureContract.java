package dev.imagegate.testing;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The failures every provider meets the same way, whatever its protocol: a server too slow for the call's timeout, a
 * refused connection, an answer that is not JSON, an answer cut off in the middle. A provider's contract test fills in
 * the hooks; the tests come with the interface.
 */
public interface TransportFailureContract {
  /** The local server the provider under test is pointed at. */
  MockWebServer transportServer();

  /** Generates one image through the provider pointed at {@link #transportServer()}, with this call timeout. */
  void generateThroughServer(Duration timeout);

  /** Generates one image through the provider pointed at a local port where nothing listens. */
  void generateAtClosedPort();

  /** A 200 answer in the provider's own shape, cut off in the middle of its image. */
  String truncatedAnswer();

  @Test
  default void slowServerTimesOut() {
    transportServer().enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body("{}")
        .build());

    Timeout e = catchThrowableOfType(Timeout.class, () -> generateThroughServer(Duration.ofMillis(300)));

    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(408);
  }

  @Test
  default void refusedConnectionIsUpstreamUnavailable() {
    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class, this::generateAtClosedPort);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("Could not connect");
  }

  @Test
  default void nonJsonBodyIsUpstreamProtocol() {
    transportServer().enqueue(new MockResponse.Builder().code(200).body("<html>Bad gateway</html>").build());

    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class, () -> generateThroughServer(null));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("not valid JSON").contains("<html>");
  }

  @Test
  default void truncatedBodyIsUpstreamProtocol() {
    transportServer().enqueue(json(200, truncatedAnswer()));

    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class, () -> generateThroughServer(null));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("not valid JSON");
  }
}
