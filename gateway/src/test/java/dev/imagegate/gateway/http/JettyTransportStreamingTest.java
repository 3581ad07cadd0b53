package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.InputImage;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Multipart;
import dev.imagegate.provider.StreamedBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed body (an edit's multipart form over a spooled file) goes out whole, with its exact Content-Length. */
class JettyTransportStreamingTest {
  @TempDir
  Path dir;

  @Test
  void streamedMultipartIsSentWithItsLength() throws Exception {
    byte[] image = new byte[3 * 1024 * 1024 + 7];
    new Random(3).nextBytes(image);
    image[0] = (byte) 0x89;
    image[1] = 'P';
    image[2] = 'N';
    image[3] = 'G';
    Path file = Files.write(dir.resolve("upload"), image);
    Multipart form = new Multipart().field("prompt", "x").file("image", InputImage.of(file, "a.png"));
    StreamedBody body = form.body();
    try (MockWebServer server = new MockWebServer(); JettyTransport transport = new JettyTransport()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

      HttpTransport.Response response = transport.send(HttpTransport.Request.postStreamed(
          server.url("/v1/images/edits").uri(), Map.of("Content-Type", form.contentType()), body,
          Duration.ofSeconds(30)));

      RecordedRequest recorded = server.takeRequest();
      assertThat(response.status()).isEqualTo(200);
      assertThat(recorded.getHeaders().get("Content-Length")).isEqualTo(String.valueOf(body.length()));
      assertThat(recorded.getBody().toByteArray()).isEqualTo(body.readAll());
    }
  }
}
