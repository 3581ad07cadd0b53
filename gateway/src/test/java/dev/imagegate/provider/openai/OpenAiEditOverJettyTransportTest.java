package dev.imagegate.provider.openai;

import dev.imagegate.gateway.http.JettyTransport;
import dev.imagegate.provider.HttpTransport;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * OpenAI's edit contract (multipart streamed from spooled files, exact Content-Length, error table, bad input) over
 * the gateway's Jetty transport: the multipart edits the gateway forwards go out as the SDK's do.
 */
class OpenAiEditOverJettyTransportTest extends OpenAiEditTest {
  private static JettyTransport jetty;

  @BeforeAll
  static void startTransport() {
    jetty = new JettyTransport(Duration.ofSeconds(2), 64, 1024 * 1024);
  }

  @AfterAll
  static void stopTransport() {
    jetty.close();
  }

  @Override
  protected HttpTransport transport() {
    return jetty;
  }
}
