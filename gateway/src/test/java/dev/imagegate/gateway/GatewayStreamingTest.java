package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MutableClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream: true} through the real gateway: a provider that cannot stream (mock) answers completed events only,
 * saying so in a header; a provider that streams (the test's painter) passes partial images on as they come; errors
 * before the first byte stay JSON, after it they are an {@code error} event; a client that goes away cancels the
 * upstream call and leaves a cancelled spend row with what was billed. One spend row per call, always.
 */
class GatewayStreamingTest {
  private static final String KEY = "sk-master-stream";
  /** USD per output image token of the painter deployment ($30/M), and per input token ($5/M). */
  private static final BigDecimal OUT = new BigDecimal("0.00003");
  private static final BigDecimal IN = new BigDecimal("0.000005");
  @TempDir
  static Path images;
  private static final PaintingStreamProvider painter = new PaintingStreamProvider();
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    String yaml = """
        model_list:
          - model_name: painter
            litellm_params: {model: streamtest/painter, output_cost_per_image: 0.05,
                             output_cost_per_image_token: 0.00003, input_cost_per_token: 0.000005}
          - model_name: mock/imagegate-demo
            litellm_params: {model: mock/imagegate-demo}
        router_settings: {num_retries: 0}
        general_settings: {master_key: %s}
        """.formatted(KEY);
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-12-07T00:00:00Z")),
        ProviderRegistry.standard().with(painter));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  private static HttpResponse<String> generate(String body) throws Exception {
    return gateway.post("/v1/images/generations", body, "Authorization", "Bearer " + KEY);
  }

  @Test
  void aProviderThatCannotStreamAnswersCompletedEventsAndSaysThereAreNoPartials() throws Exception {
    HttpResponse<String> response = generate("""
        {"model": "mock/imagegate-demo", "prompt": "a lighthouse", "n": 2, "size": "32x32", "stream": true,
         "partial_images": 2}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(response.headers().firstValue("x-imagegate-partial-images")).hasValue("0");
    assertThat(response.headers().firstValue("x-imagegate-partial-images-reason")).hasValueSatisfying(reason ->
        assertThat(reason).contains("does not stream partial images"));
    assertThat(response.headers().firstValue("x-imagegate-model-id")).isPresent();
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.names()).containsExactly("image_generation.completed", "image_generation.completed");
    JsonNode first = events.get(0).data();
    assertThat(first.path("type").asText()).isEqualTo("image_generation.completed");
    assertThat(Base64.getDecoder().decode(first.path("b64_json").asText())).startsWith(0x89, 'P', 'N', 'G');
    assertThat(first.path("size").asText()).isEqualTo("32x32");
    assertThat(first.path("output_format").asText()).isEqualTo("png");
    assertThat(first.path("created_at").asLong()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z").getEpochSecond());
    assertThat(first.has("quality")).isTrue();
    assertThat(first.has("background")).isTrue();
    assertThat(first.path("usage").has("total_tokens")).isTrue();
    JsonNode row = spendRow(callId(response));
    assertThat(row.path("status").asText()).isEqualTo("success");
    assertThat(row.path("metadata").path("n").asInt()).isEqualTo(2);
  }

  @Test
  void aProviderThatStreamsHasItsPartialImagesPassedOnThenTheCompletedImageWithUsageAndCost() throws Exception {
    HttpResponse<String> response = generate("""
        {"model": "painter", "prompt": "a harbour", "stream": true, "partial_images": 2}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-imagegate-partial-images")).isEmpty();
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.names()).containsExactly("image_generation.partial_image", "image_generation.partial_image",
        "image_generation.completed");
    JsonNode partial = events.get(1).data();
    assertThat(partial.path("type").asText()).isEqualTo("image_generation.partial_image");
    assertThat(partial.path("partial_image_index").asInt()).isEqualTo(1);
    assertThat(partial.path("size").asText()).isEqualTo("8x8");
    assertThat(partial.path("quality").asText()).isEqualTo("low");
    assertThat(partial.path("background").asText()).isEqualTo("opaque");
    assertThat(partial.path("output_format").asText()).isEqualTo("png");
    assertThat(partial.path("created_at").asLong()).isEqualTo(1_700_000_001L);
    assertThat(Base64.getDecoder().decode(partial.path("b64_json").asText())).isEqualTo(Inputs.pngOpaque(8, 8));
    assertThat(partial.has("usage")).isFalse();
    JsonNode completed = events.get(2).data();
    assertThat(completed.path("usage").path("output_tokens").asLong())
        .isEqualTo(PaintingStreamProvider.OUTPUT_TOKENS);
    assertThat(completed.path("usage").path("input_tokens_details").path("text_tokens").asLong())
        .isEqualTo(PaintingStreamProvider.INPUT_TOKENS);
    JsonNode row = spendRow(callId(response));
    assertThat(row.path("status").asText()).isEqualTo("success");
    assertThat(row.path("spend").decimalValue()).isEqualByComparingTo(
        OUT.multiply(BigDecimal.valueOf(PaintingStreamProvider.OUTPUT_TOKENS))
            .add(IN.multiply(BigDecimal.valueOf(PaintingStreamProvider.INPUT_TOKENS))));
    assertThat(row.path("completion_tokens").asLong()).isEqualTo(PaintingStreamProvider.OUTPUT_TOKENS);
  }

  @Test
  void anEditStreamsImageEditEvents() throws Exception {
    HttpResponse<String> response = new FormBody().field("model", "painter").field("prompt", "add a hat")
        .png("image", Inputs.pngAlpha(16, 16)).field("stream", "true").field("partial_images", "1")
        .post(gateway, "/v1/images/edits", KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(SseEvents.parse(response.body()).names())
        .containsExactly("image_edit.partial_image", "image_edit.completed");
    assertThat(spendRow(callId(response)).path("call_type").asText()).isEqualTo("image_edit");
  }

  @Test
  void anEditOnAProviderThatCannotStreamIsCompletedEventsToo() throws Exception {
    HttpResponse<String> response = new FormBody().field("model", "mock/imagegate-demo").field("prompt", "a hat")
        .png("image", Inputs.pngAlpha(16, 16)).field("stream", "true").post(gateway, "/v1/images/edits", KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(SseEvents.parse(response.body()).names()).containsExactly("image_edit.completed");
    assertThat(response.headers().firstValue("x-imagegate-partial-images")).as("no partials were asked").isEmpty();
  }

  @Test
  void errorsBeforeTheFirstByteAreOrdinaryJsonErrors() throws Exception {
    HttpResponse<String> unknown = generate("""
        {"model": "no-such-model", "prompt": "x", "stream": true}""");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    assertThat(TestGateway.json(unknown).path("error").path("code").asText()).isEqualTo("model_not_found");

    HttpResponse<String> badSize = generate("""
        {"model": "mock/imagegate-demo", "prompt": "x", "size": "99999x2", "stream": true, "partial_images": 1}""");
    assertThat(badSize.statusCode()).isEqualTo(400);
    assertThat(TestGateway.json(badSize).path("error").path("param").asText()).isEqualTo("size");

    HttpResponse<String> noKey = gateway.post("/v1/images/generations", """
        {"model": "painter", "prompt": "x", "stream": true}""");
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(noKey).path("error").path("message").asText()).isNotBlank();
  }

  @Test
  void aFailureAfterTheFirstByteIsAnErrorEventAndTheRowIsAFailureBilledForThePartial() throws Exception {
    HttpResponse<String> response = generate("""
        {"model": "painter", "prompt": "fail-after-partial", "stream": true, "partial_images": 2}""");

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.names()).containsExactly("image_generation.partial_image", "error");
    JsonNode error = events.get(1).data();
    assertThat(error.path("type").asText()).isEqualTo("error");
    assertThat(error.path("error").path("message").asText()).contains("the painter dropped its brush");
    assertThat(error.path("error").path("type").asText()).isNotBlank();
    assertThat(error.path("error").path("code").asText()).isNotBlank();
    assertThat(error.path("error").has("param")).isTrue();
    JsonNode row = spendRow(callId(response));
    assertThat(row.path("status").asText()).isEqualTo("failure");
    assertThat(row.path("spend").decimalValue()).as("one partial image at 100 output image tokens")
        .isEqualByComparingTo(OUT.multiply(BigDecimal.valueOf(100)));
  }

  @Test
  void aClientThatGoesAwayMidStreamCancelsTheUpstreamCallAndTheRowSaysCancelledWithWhatWasBilled()
      throws Exception {
    painter.cancelled = new CountDownLatch(1);
    URI uri = URI.create(gateway.url("/v1/images/generations"));
    byte[] body = """
        {"model": "painter", "prompt": "hold the brush", "stream": true, "partial_images": 3}"""
        .getBytes(StandardCharsets.UTF_8);
    String callId;
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer "
          + KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String head = SseEvents.readUntil(socket.getInputStream(), "image_generation.partial_image");
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream");
      callId = head.lines().filter(line -> line.toLowerCase().startsWith("x-imagegate-call-id:"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    }
    assertThat(painter.cancelled.await(10, TimeUnit.SECONDS)).as("the upstream call was abandoned").isTrue();

    JsonNode row = awaitSpendRow(callId);
    assertThat(row.path("status").asText()).isEqualTo("cancelled");
    assertThat(row.path("metadata").path("error_type").asText()).isEqualTo("Cancelled");
    BigDecimal spend = row.path("spend").decimalValue();
    assertThat(spend).as("at least the partial image the client received, at 100 output image tokens each")
        .isGreaterThanOrEqualTo(OUT.multiply(BigDecimal.valueOf(100)));
    assertThat(spend.remainder(OUT.multiply(BigDecimal.valueOf(100)))).isEqualByComparingTo("0");
  }

  @Test
  void partialImagesWithoutStreamAreValidatedAndIgnored() throws Exception {
    HttpResponse<String> response = generate("""
        {"model": "painter", "prompt": "a harbour", "partial_images": 2, "stream": false}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    assertThat(TestGateway.json(response).path("data")).hasSize(1);
  }

  @Test
  void aStreamedCallCountsItsTimesInTheMetrics() throws Exception {
    generate("""
        {"model": "painter", "prompt": "a metric", "stream": true, "partial_images": 1}""");
    // the call's timers are recorded once its answer has ended, which the client may see first
    String metrics = "";
    for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline
        && !metrics.contains("imagegate_stream_duration_seconds_count"); Thread.sleep(20)) {
      metrics = gateway.get("/metrics", "Authorization", "Bearer " + KEY).body();
    }
    assertThat(metrics).contains("imagegate_stream_first_event_duration_seconds_count{model_group=\"painter\","
        + "upstream=\"streamed\"}");
    assertThat(metrics).contains("imagegate_stream_duration_seconds_count{model_group=\"painter\","
        + "upstream=\"streamed\"}");
  }


  private static String callId(HttpResponse<String> response) {
    return response.headers().firstValue("x-imagegate-call-id").orElseThrow();
  }

  private static JsonNode awaitSpendRow(String callId) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return spendRow(callId);
      } catch (AssertionError e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  static JsonNode spendRow(String callId) throws Exception {
    gateway.gateway.accounts().writer().flush();
    JsonNode rows = TestGateway.json(gateway.get("/spend/logs?request_id=" + callId, "Authorization",
        "Bearer " + KEY));
    int found = 0;
    JsonNode match = null;
    for (JsonNode row : rows) {
      if (row.path("request_id").asText().equals(callId)) {
        found++;
        match = row;
      }
    }
    if (match == null) {
      throw new AssertionError("no spend row for " + callId + " in " + rows);
    }
    assertThat(found).as("one spend row per call").isEqualTo(1);
    return match;
  }
}
