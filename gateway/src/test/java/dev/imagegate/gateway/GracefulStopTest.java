package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the gateway lets in-flight calls finish and refuses new ones. */
class GracefulStopTest {
  @TempDir
  Path images;

  @Test
  void anInFlightCallFinishesWhileTheGatewayStops() throws Exception {
    try (MockWebServer slow = new MockWebServer()) {
      slow.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .headersDelay(800, TimeUnit.MILLISECONDS)
          .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}").build());
      slow.start();
      String yaml = """
          model_list:
            - model_name: slow
              litellm_params: {model: openai/dall-e-2, api_base: %s, api_key: sk-x}
          """.formatted(slow.url("/v1"));
      TestGateway gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.EPOCH));

      CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
        try {
          return gateway.post("/v1/images/generations", "{\"model\":\"slow\",\"prompt\":\"x\"}");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(slow.takeRequest(5, TimeUnit.SECONDS)).as("the call reached the upstream").isNotNull();
      gateway.close();

      HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
      assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
      assertThat(catchThrowable(() -> gateway.post("/v1/images/generations", "{\"model\":\"slow\",\"prompt\":\"x\"}")))
          .isInstanceOf(IOException.class);
    }
  }
}
