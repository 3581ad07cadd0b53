package dev.imagegate.provider.openai;

import dev.imagegate.ImageGate;
import dev.imagegate.gateway.http.JettyTransport;
import dev.imagegate.provider.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.imagegate.testing.Catalogs;

/**
 * The whole OpenAI contract (request on the wire, every error, timeouts, refused connections, truncated bodies) over
 * the gateway's Jetty transport instead of the JDK client: the two transports must be indistinguishable.
 */
class OpenAiOverJettyTransportTest extends OpenAiContractTest {
  private static JettyTransport transport;

  @BeforeAll
  static void startTransport() {
    transport = new JettyTransport(Duration.ofSeconds(2), 64, 1024 * 1024);
  }

  @AfterAll
  static void stopTransport() {
    transport.close();
  }

  @Override
  protected ImageGate gateWith(Map<String, String> env) {
    return ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(env))
        .transport(transport).build();
  }
}
