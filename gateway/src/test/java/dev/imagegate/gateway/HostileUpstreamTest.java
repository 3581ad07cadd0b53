package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that answers with an image URL pointing at something that is not an image (or at an address it may not
 * use) fails the call as an upstream protocol error, and the call is not paid.
 */
class HostileUpstreamTest {
  private static final String MASTER = "sk-master-hostile-upstream";
  @TempDir
  Path dir;

  @Test
  void anImageUrlServingATextPageIsA502AndUnpaid() throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"url\":\"" + upstream.url("/page.html") + "\"}]}"));
      upstream.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
          .body("<html><body>internal admin page</body></html>").build());
      try (TestGateway gateway = new TestGateway("""
          model_list:
            - model_name: images
              litellm_params: {model: openai/dall-e-2, api_base: "%s", api_key: sk-upstream}
          router_settings: {num_retries: 0}
          general_settings:
            master_key: %s
          """.formatted(upstream.url("/v1"), MASTER), Map.of(), dir,
          new MutableClock(Instant.parse("2026-12-04T12:00:00Z")))) {

        HttpResponse<String> response = gateway.post("/v1/images/generations",
            "{\"model\":\"images\",\"prompt\":\"a fox\",\"response_format\":\"b64_json\"}",
            "Authorization", "Bearer " + MASTER);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.body()).doesNotContain("internal admin page")
            .contains("not a PNG, JPEG, WebP or GIF image");
        assertThat(response.headers().firstValue("x-imagegate-response-cost")).isEmpty();
        gateway.gateway.accounts().writer().flush();
        JsonNode rows = TestGateway.json(gateway.get("/spend/logs", "Authorization", "Bearer " + MASTER));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("status").asText()).isEqualTo("failure");
        assertThat(rows.get(0).path("spend").isNull() || rows.get(0).path("spend").decimalValue().signum() == 0)
            .as(rows.toString()).isTrue();
      }
    }
  }
}
