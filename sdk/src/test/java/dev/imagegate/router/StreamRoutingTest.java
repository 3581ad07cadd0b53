package dev.imagegate.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageEvent;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.SseUpstream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing of streamed calls to OpenAI's gpt-image-2 over two deployments of one group, each its own streaming
 * upstream: a failure before the first event moves on to the next deployment; a failure after a partial image ends
 * the call, billed for the partial images it delivered.
 */
class StreamRoutingTest {
  private static final String USAGE = "{\"total_tokens\":1100,\"input_tokens\":50,\"output_tokens\":1050,"
      + "\"input_tokens_details\":{\"text_tokens\":50,\"image_tokens\":0},"
      + "\"output_tokens_details\":{\"image_tokens\":1000,\"text_tokens\":50}}";

  private SseUpstream first;
  private SseUpstream second;
  private Router router;

  @BeforeEach
  void start() throws IOException {
    first = new SseUpstream();
    second = new SseUpstream();
    router = Router.builder(List.of(
            Deployment.builder("img", "openai/gpt-image-2").id("first").apiBase(first.url("/v1"))
                .apiKey("sk-first").order(1).build(),
            Deployment.builder("img", "openai/gpt-image-2").id("second").apiBase(second.url("/v1"))
                .apiKey("sk-second").order(2).build()))
        .env(Env.of(Map.of())).build();
  }

  @AfterEach
  void stop() throws IOException {
    first.close();
    second.close();
  }

  private static String partial(int index) {
    return "{\"type\":\"image_generation.partial_image\",\"b64_json\":\"" + MockServers.PNG_1X1 + "\","
        + "\"created_at\":1765000000,\"partial_image_index\":" + index + "}";
  }

  private static String completed() {
    return "{\"type\":\"image_generation.completed\",\"b64_json\":\"" + MockServers.PNG_1X1 + "\","
        + "\"created_at\":1765000009,\"usage\":" + USAGE + "}";
  }

  private CallResult stream(List<ImageEvent> events) {
    ImageRequest request = ImageRequest.builder("a lighthouse").model("img").size("1024x1024").build();
    return router.stream(router.prepare(router.group(request), request), 2, events::add);
  }

  @Test
  void aDeploymentThatFailsBeforeAnyEventIsLeftForTheNextOne() {
    first.enqueue(exchange -> exchange.whole(500, "application/json",
        "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
    second.enqueue(exchange -> exchange.stream(200).event("image_generation.partial_image", partial(0))
        .event("image_generation.completed", completed()).end());
    List<ImageEvent> events = new ArrayList<>();

    CallResult result = stream(events);

    assertThat(result.failure()).isNull();
    assertThat(result.route().deploymentId()).isEqualTo("second");
    assertThat(result.attempts()).hasSize(2);
    assertThat(events).extracting(ImageEvent::type).containsExactly("image_generation.partial_image",
        "image_generation.completed");
    // 50 text tokens in at $5/M, 1,000 image tokens out at $30/M, 50 text tokens out at $10/M
    assertThat(result.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.03075"));
  }

  @Test
  void aDeploymentThatFailsAfterAPartialEndsTheCallBilledForThePartials() throws Exception {
    first.enqueue(exchange -> exchange.stream(200).event("image_generation.partial_image", partial(0))
        .event("image_generation.partial_image", partial(1))
        .event("error", "{\"type\":\"error\",\"error\":{\"message\":\"The server had an error\","
            + "\"type\":\"server_error\"}}").end());
    List<ImageEvent> events = new ArrayList<>();

    CallResult result = stream(events);

    assertThat(result.failure()).isInstanceOf(UpstreamUnavailable.class);
    assertThat(result.failure().retryable()).as("retryable in itself, but the stream had begun").isTrue();
    assertThat(second.requestCount()).isZero();
    assertThat(result.attempts()).hasSize(1);
    assertThat(events).extracting(ImageEvent::type).containsExactly("image_generation.partial_image",
        "image_generation.partial_image");
    // 2 partial images at 100 output image tokens each, at gpt-image-2's $30/M
    assertThat(result.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.006"));
    assertThat(result.cost().note()).contains("2 partial image(s)");
  }
}
