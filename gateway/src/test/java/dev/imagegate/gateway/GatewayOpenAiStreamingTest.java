package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import dev.imagegate.gateway.images.ImagesEndpoint;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import dev.imagegate.testing.SseUpstream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in front of an OpenAI-shaped upstream that streams (the SDK's OpenAI provider reading OpenAI's
 * server-sent events): each partial image reaches the client while the upstream is still streaming; the completed
 * event's usage prices the call; the official openai-java client streams generations and edits through it; a client
 * that goes away closes the upstream connection; an upstream that fails, stalls or ends early mid-stream is an
 * {@code error} event and a failed spend row, never a hang.
 */
class GatewayOpenAiStreamingTest {
  private static final String KEY = "sk-master-openai-sse";
  private static final String PNG = MockServers.PNG_1X1;
  @TempDir
  Path images;
  private SseUpstream upstream;
  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    upstream = new SseUpstream();
    String yaml = """
        model_list:
          - model_name: gpt-image-1
            litellm_params: {model: openai/gpt-image-1, api_base: "%s", api_key: sk-upstream-secret}
        router_settings: {num_retries: 0}
        general_settings: {master_key: %s}
        """.formatted(upstream.url("/v1"), KEY);
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-12-07T00:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  private static String partial(String prefix, int index) {
    return "{\"type\":\"" + prefix + ".partial_image\",\"b64_json\":\"" + PNG + "\",\"created_at\":1796600000,"
        + "\"size\":\"1024x1024\",\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\","
        + "\"partial_image_index\":" + index + "}";
  }

  private static String completed(String prefix) {
    return "{\"type\":\"" + prefix + ".completed\",\"b64_json\":\"" + PNG + "\",\"created_at\":1796600001,"
        + "\"size\":\"1024x1024\",\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\","
        + "\"usage\":{\"total_tokens\":1272,\"input_tokens\":50,\"output_tokens\":1222,"
        + "\"input_tokens_details\":{\"text_tokens\":50,\"image_tokens\":0}}}";
  }

  /** Opens a streamed generation through the gateway and returns the body as it arrives. */
  private InputStream openStream(String body) throws Exception {
    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(gateway.url("/v1/images/generations"))).header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/event-stream"));
    return response.body();
  }

  /** The next event's data line, read from {@code lines}. */
  private static JsonNode nextEvent(BufferedReader lines, String name) throws Exception {
    String event = lines.readLine();
    assertThat(event).isEqualTo("event: " + name);
    String data = lines.readLine();
    assertThat(data).startsWith("data: ");
    assertThat(lines.readLine()).isEmpty();
    return Fixtures.tree(data.substring("data: ".length()));
  }

  @Test
  void eachPartialImageReachesTheClientWhileTheUpstreamIsStillStreaming() throws Exception {
    CountDownLatch clientSawFirst = new CountDownLatch(1);
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      exchange.await(clientSawFirst, Duration.ofSeconds(10));
      Thread.sleep(ImagesEndpoint.KEEP_ALIVE.toMillis() * 2);
      exchange.event("image_generation.partial_image", partial("image_generation", 1))
          .event("image_generation.completed", completed("image_generation")).end();
    });

    try (BufferedReader lines = new BufferedReader(new InputStreamReader(openStream("""
        {"model": "gpt-image-1", "prompt": "a harbour", "stream": true, "partial_images": 2}"""),
        StandardCharsets.UTF_8))) {
      JsonNode first = nextEvent(lines, "image_generation.partial_image");
      assertThat(first.path("partial_image_index").asInt()).isZero();
      assertThat(first.path("b64_json").asText()).isEqualTo(PNG);
      assertThat(first.path("created_at").asLong()).isEqualTo(1796600000L);
      clientSawFirst.countDown();
      assertThat(lines.readLine()).as("a comment while the upstream is quiet").isEqualTo(": keep-alive");
      assertThat(lines.readLine()).isEmpty();
      String next = lines.readLine();
      while (next.equals(": keep-alive")) {
        assertThat(lines.readLine()).isEmpty();
        next = lines.readLine();
      }
      assertThat(next).isEqualTo("event: image_generation.partial_image");
      assertThat(Fixtures.tree(lines.readLine().substring("data: ".length())).path("partial_image_index").asInt())
          .isEqualTo(1);
      assertThat(lines.readLine()).isEmpty();
      JsonNode done = nextEvent(lines, "image_generation.completed");
      assertThat(done.path("usage").path("output_tokens").asLong()).isEqualTo(1222);
      assertThat(lines.readLine()).as("the stream ends after the completed event").isNull();
    }
    SseUpstream.Recorded sent = upstream.takeRequest();
    JsonNode body = Fixtures.tree(new String(sent.body(), StandardCharsets.UTF_8));
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("partial_images").asInt()).isEqualTo(2);
    JsonNode row = spendRow();
    assertThat(row.path("status").asText()).isEqualTo("success");
    assertThat(row.path("completion_tokens").asLong()).isEqualTo(1222);
    assertThat(row.path("spend").decimalValue()).isPositive();
  }

  @Test
  void openAiJavaGenerateStreamingThroughTheGatewayIgnoringItsKeepAlives() throws Exception {
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      // quiet for longer than the gateway's keep-alive interval: the client gets a ': keep-alive' comment meanwhile
      Thread.sleep(ImagesEndpoint.KEEP_ALIVE.toMillis() * 2);
      exchange.event("image_generation.completed", completed("image_generation")).end();
    });

    OpenAIClient client = client();
    try (StreamResponse<ImageGenStreamEvent> stream = client.images().generateStreaming(ImageGenerateParams
        .builder().model("gpt-image-1").prompt("a harbour").partialImages(1L).build())) {
      List<ImageGenStreamEvent> events = stream.stream().toList();
      assertThat(events).hasSize(2);
      assertThat(events.get(0).asGenerationPartialImage().b64Json()).isEqualTo(PNG);
      assertThat(events.get(1).asGenerationCompleted().usage().totalTokens()).isEqualTo(1272);
    } finally {
      client.close();
    }
  }

  @Test
  void openAiJavaEditStreamingThroughTheGateway() throws Exception {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_edit.partial_image", partial("image_edit", 0))
        .event("image_edit.completed", completed("image_edit")).end());

    OpenAIClient client = client();
    try (StreamResponse<ImageEditStreamEvent> stream = client.images().editStreaming(ImageEditParams.builder()
        .model("gpt-image-1").prompt("add a hat").image(Inputs.pngAlpha(16, 16)).partialImages(1L).build())) {
      List<ImageEditStreamEvent> events = stream.stream().toList();
      assertThat(events).hasSize(2);
      assertThat(events.get(0).asPartialImage().partialImageIndex()).isZero();
      assertThat(events.get(1).asCompleted().usage().outputTokens()).isEqualTo(1222);
    } finally {
      client.close();
    }
    assertThat(upstream.takeRequest().target()).isEqualTo("/v1/images/edits");
  }

  @Test
  void aClientThatGoesAwayClosesTheUpstreamConnectionAndTheRowIsCancelledAndBilled() throws Exception {
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      exchange.holdUntilClientCloses(Duration.ofSeconds(20));
    });

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
            URI.create(gateway.url("/v1/images/generations"))).header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
            {"model": "gpt-image-1", "prompt": "a harbour", "stream": true, "partial_images": 3}""")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    nextEvent(lines, "image_generation.partial_image");
    String callId = response.headers().firstValue("x-imagegate-call-id").orElseThrow();
    response.body().close();
    http.shutdownNow();

    assertThat(upstream.clientClosed(Duration.ofSeconds(15))).as("the upstream connection was closed").isTrue();
    JsonNode row = awaitRow(callId);
    assertThat(row.path("status").asText()).isEqualTo("cancelled");
    assertThat(row.path("spend").decimalValue()).as("one partial image, 100 output image tokens").isPositive();
  }

  @Test
  void aClientThatStopsReadingHoldsTheUpstreamBackInsteadOfTheGatewayBufferingTheStream() throws Exception {
    byte[] png = java.util.Base64.getDecoder().decode(PNG);
    String b64 = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(png, 6 << 20));
    int events = 8;
    java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
    upstream.enqueue(exchange -> {
      exchange.stream(200);
      for (int i = 0; i < events; i++) {
        exchange.event("image_generation.partial_image", partial("image_generation", i).replace(PNG, b64));
        written.incrementAndGet();
      }
      exchange.event("image_generation.completed", completed("image_generation")).end();
    });

    URI uri = URI.create(gateway.url("/v1/images/generations"));
    byte[] body = ("{\"model\": \"gpt-image-1\", \"prompt\": \"a harbour\", \"stream\": true, "
        + "\"partial_images\": 3}").getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.setReceiveBufferSize(64 << 10);
      socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
      socket.getOutputStream().write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
          + "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      byte[] head = socket.getInputStream().readNBytes(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      Thread.sleep(2000);
      assertThat(written.get()).as("8 MB events the upstream could send while the client read nothing")
          .isLessThan(events / 2);
      String rest = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(rest).as("once the client reads, the whole stream comes").contains("image_generation.completed");
      assertThat(written.get()).isEqualTo(events);
    }
  }

  @Test
  void anUpstreamErrorEventMidStreamIsAnErrorEventWithoutTheUpstreamKey() throws Exception {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0))
        .event("error", "{\"type\":\"error\",\"error\":{\"type\":\"server_error\",\"code\":\"server_error\","
            + "\"message\":\"The server had an error (key sk-upstream-secret)\",\"param\":null}}").end());

    HttpResponse<String> response = generate("""
        {"model": "gpt-image-1", "prompt": "a harbour", "stream": true, "partial_images": 2}""");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.names()).containsExactly("image_generation.partial_image", "error");
    assertThat(events.get(1).data().path("error").path("message").asText()).contains("The server had an error")
        .doesNotContain("sk-upstream-secret");
    assertThat(response.body()).doesNotContain("sk-upstream-secret");
    assertThat(spendRow().path("status").asText()).isEqualTo("failure");
  }

  @Test
  void anUpstreamThatStallsPastTheTimeoutEndsWithAnErrorEvent() throws Exception {
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      exchange.holdUntilClientCloses(Duration.ofSeconds(20));
    });

    long start = System.nanoTime();
    HttpResponse<String> response = generate("""
        {"model": "gpt-image-1", "prompt": "a harbour", "stream": true, "partial_images": 2, "timeout": 1}""");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.names()).containsExactly("image_generation.partial_image", "error");
    assertThat(events.get(1).data().path("error").path("type").asText()).isNotBlank();
    assertThat(spendRow().path("status").asText()).isEqualTo("failure");
  }

  @Test
  void aPartialImageIsRelayedAsItArrivesAndOneThatBreaksOffIsNeverTakenForAnImage() throws Exception {
    CountDownLatch clientSawHalf = new CountDownLatch(1);
    String half = PNG.substring(0, 40);
    upstream.enqueue(exchange -> {
      exchange.stream(200).chunk("event: image_generation.partial_image\ndata: {\"type\":"
          + "\"image_generation.partial_image\",\"b64_json\":\"" + half);
      // the gateway passes the first half on before the upstream sends the rest; then the upstream breaks the JSON
      exchange.await(clientSawHalf, Duration.ofSeconds(10));
      exchange.chunk("\u0007broken\"}\n\n").end();
    });

    try (InputStream in = openStream("""
        {"model": "gpt-image-1", "prompt": "a harbour", "stream": true, "partial_images": 2}""")) {
      String before = SseEvents.readUntil(in, half);
      assertThat(before).startsWith("event: image_generation.partial_image\ndata: {\"type\":"
          + "\"image_generation.partial_image\",\"b64_json\":\"");
      clientSawHalf.countDown();
      String[] blocks = (before + new String(in.readAllBytes(), StandardCharsets.UTF_8)).split("\n\n");
      assertThat(blocks).as("the broken partial's JSON left unterminated, then the error event").hasSize(2);
      assertThat(blocks[0]).isEqualTo("event: image_generation.partial_image\ndata: {\"type\":"
          + "\"image_generation.partial_image\",\"b64_json\":\"" + half);
      SseEvents error = SseEvents.parse(blocks[1] + "\n\n");
      assertThat(error.names()).containsExactly("error");
      assertThat(error.get(0).data().path("error").path("message").asText()).contains("not base64");
    }
    assertThat(spendRow().path("status").asText()).isEqualTo("failure");
  }


  @Test
  void anUpstreamStreamThatEndsWithoutItsCompletedEventIsAnErrorEvent() throws Exception {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0)).end());

    HttpResponse<String> response = generate("""
        {"model": "gpt-image-1", "prompt": "a harbour", "stream": true, "partial_images": 2}""");
    assertThat(SseEvents.parse(response.body()).names())
        .containsExactly("image_generation.partial_image", "error");
    assertThat(spendRow().path("status").asText()).isEqualTo("failure");
  }

  @Test
  void aFailureBeforeTheFirstEventIsRetriedLikeAnyCall() throws Exception {
    String yaml = """
        model_list:
          - model_name: gpt-image-1
            litellm_params: {model: openai/gpt-image-1, api_base: "%s", api_key: sk-upstream-secret}
        router_settings: {num_retries: 1, retry_after: 0}
        general_settings: {master_key: %s}
        """.formatted(upstream.url("/v1"), KEY);
    upstream.enqueue(exchange -> exchange.whole(503, "application/json",
        "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0))
        .event("image_generation.completed", completed("image_generation")).end());
    try (TestGateway retrying = new TestGateway(yaml, Map.of(), images.resolve("retrying"),
        new MutableClock(Instant.parse("2026-12-07T00:00:00Z")))) {
      HttpResponse<String> response = retrying.post("/v1/images/generations", """
          {"model": "gpt-image-1", "prompt": "a harbour", "stream": true, "partial_images": 1}""",
          "Authorization", "Bearer " + KEY);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(SseEvents.parse(response.body()).names())
          .containsExactly("image_generation.partial_image", "image_generation.completed");
      assertThat(upstream.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void anUpstreamErrorBeforeAnyEventIsAnOrdinaryJsonError() throws Exception {
    upstream.enqueue(exchange -> exchange.whole(400, "application/json", "{\"error\":{\"message\":\"Your request "
        + "was rejected by the safety system\",\"type\":\"image_generation_user_error\",\"param\":null,"
        + "\"code\":\"moderation_blocked\"}}"));

    HttpResponse<String> response = generate("""
        {"model": "gpt-image-1", "prompt": "a harbour", "stream": true}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    assertThat(TestGateway.json(response).path("error").path("message").asText()).contains("safety system");
    Throwable none = catchThrowable(() -> SseEvents.parse(response.body()));
    assertThat(none).as("not an event stream").isNotNull();
  }

  private HttpResponse<String> generate(String body) throws Exception {
    return gateway.post("/v1/images/generations", body, "Authorization", "Bearer " + KEY);
  }

  private OpenAIClient client() {
    return OpenAIOkHttpClient.builder().baseUrl(gateway.gateway.url() + "/v1").apiKey(KEY).maxRetries(0).build();
  }

  /** The only spend row so far (each test has its own gateway). */
  private JsonNode spendRow() throws Exception {
    gateway.gateway.accounts().writer().flush();
    JsonNode rows = TestGateway.json(gateway.get("/spend/logs", "Authorization", "Bearer " + KEY));
    assertThat(rows).as("one spend row per call").hasSize(1);
    return rows.get(0);
  }

  private JsonNode awaitRow(String callId) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      gateway.gateway.accounts().writer().flush();
      JsonNode rows = TestGateway.json(gateway.get("/spend/logs?request_id=" + callId, "Authorization",
          "Bearer " + KEY));
      for (JsonNode row : rows) {
        if (row.path("request_id").asText().equals(callId)) {
          return row;
        }
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("no spend row for " + callId);
      }
      Thread.sleep(20);
    }
  }
}
