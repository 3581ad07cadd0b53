package dev.imagegate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.EditRequest;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.ImageStream;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.Json;
import dev.imagegate.testing.Catalogs;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.SseUpstream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming contract of a provider whose GPT image models stream with OpenAI's {@code stream: true}, against a
 * local upstream that writes server-sent events as they would come (flushed one by one, with pauses): the request on
 * the wire (golden files), partial images delivered while the upstream still holds the stream, the answer and its
 * cost from the completed event, error events, broken streams, stalls, cancellation and the error table before the
 * stream. Subclasses say where the provider's endpoints are and how it authenticates.
 */
public abstract class OpenAiShapedStreamingContract {
  /** 50 text tokens in, 1,000 image and 50 text tokens out: gpt-image-2 prices it at $0.03075. */
  protected static final String USAGE = "{\"total_tokens\":1100,\"input_tokens\":50,\"output_tokens\":1050,"
      + "\"input_tokens_details\":{\"text_tokens\":50,\"image_tokens\":0},"
      + "\"output_tokens_details\":{\"image_tokens\":1000,\"text_tokens\":50}}";
  protected static final String KEY = "sk-test-streaming-key";

  /** A PNG whose base64 is long enough (over 4 KB) to be read as a slice of the event, never as a String. */
  protected static final byte[] IMAGE = bigPng();
  protected static final String IMAGE_B64 = Base64.getEncoder().encodeToString(IMAGE);

  protected SseUpstream upstream;

  /** The model string callers write, e.g. {@code openai/gpt-image-2}. */
  protected abstract String model();

  /** Env vars pointing the provider at {@code base} with key {@link #KEY}. */
  protected abstract Map<String, String> env(String base);

  /** The base URL to configure on {@link #upstream}. */
  protected abstract String base();

  protected abstract String expectedGeneratePath();

  protected abstract String expectedEditPath();

  /** The header that carries the credential, and its value for {@link #KEY}. */
  protected abstract String authHeader();

  protected abstract String expectedAuthorization();

  /** A model of this provider that cannot stream (the catalogue says no {@code streaming}). */
  protected abstract String nonStreamingModel();

  /** The golden files of this provider: {@code providers/<name>/}. */
  protected abstract String goldenDirectory();

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = new SseUpstream();
  }

  @AfterEach
  void stopUpstream() throws IOException {
    upstream.close();
  }

  protected ImageGate gate() {
    return ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(env(base()))).build();
  }

  protected ImageRequest.Builder request() {
    return ImageRequest.builder("a lighthouse at dusk").model(model()).size("1024x1024").quality("high");
  }

  protected static String partial(String prefix, int index) {
    return partial(prefix, index, IMAGE_B64);
  }

  protected static String partial(String prefix, int index, String b64) {
    return "{\"type\":\"" + prefix + ".partial_image\",\"b64_json\":\"" + b64 + "\",\"created_at\":1765000000,"
        + "\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\","
        + "\"partial_image_index\":" + index + "}";
  }

  protected static String completed(String prefix) {
    return "{\"type\":\"" + prefix + ".completed\",\"b64_json\":\"" + IMAGE_B64 + "\",\"created_at\":1765000009,"
        + "\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\","
        + "\"usage\":" + USAGE + "}";
  }

  @Test
  void partialImagesArriveInOrderWhileTheUpstreamHoldsTheStreamThenTheCompletedAnswer() throws Exception {
    CountDownLatch secondPartialSeen = new CountDownLatch(1);
    AtomicBoolean heldOpenUntilSeen = new AtomicBoolean();
    upstream.enqueue(exchange -> {
      exchange.stream(200, "x-request-id", "req_stream_1");
      exchange.event("image_generation.partial_image", partial("image_generation", 0));
      Thread.sleep(50);
      exchange.event("image_generation.partial_image", partial("image_generation", 1));
      heldOpenUntilSeen.set(exchange.await(secondPartialSeen, Duration.ofSeconds(5)));
      exchange.event("image_generation.completed", completed("image_generation")).end();
    });
    List<ImageEvent> events = new ArrayList<>();

    ImageResponse response = gate().generateStreaming(request().build(), 2, event -> {
      events.add(event);
      if (event instanceof ImageEvent.PartialImage p && p.partialImageIndex() == 1) {
        secondPartialSeen.countDown();
      }
    });

    assertThat(heldOpenUntilSeen).as("the second partial reached the caller before the upstream went on").isTrue();
    assertThat(events).extracting(ImageEvent::type).containsExactly("image_generation.partial_image",
        "image_generation.partial_image", "image_generation.completed", "image_generation.finished");
    ImageEvent.PartialImage first = (ImageEvent.PartialImage) events.get(0);
    assertThat(first.partialImageIndex()).isZero();
    assertThat(first.bytes()).isEqualTo(IMAGE);
    assertThat(first.createdAt()).isEqualTo(1765000000L);
    assertThat(first.fields()).containsEntry("size", "1024x1024").containsEntry("quality", "high")
        .containsEntry("background", "opaque").containsEntry("output_format", "png");
    ImageEvent.CompletedImage done = (ImageEvent.CompletedImage) events.get(2);
    assertThat(done.streamedUpstream()).isTrue();
    assertThat(done.usage().outputTokensDetails().imageTokens()).isEqualTo(1000);
    assertThat(response.bytes()).isEqualTo(IMAGE);
    assertThat(response.created()).isEqualTo(1765000009L);
    assertThat(response.usage().inputTokens()).isEqualTo(50);
    assertThat(response.usage().outputTokens()).isEqualTo(1050);
    assertThat(response.usage().outputTokensDetails().textTokens()).isEqualTo(50);
    assertThat(response.openAiFields()).containsEntry("output_format", "png");
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.03075"));
  }

  @Test
  void theStreamedGenerationIsSentAsTheGoldenRequest() throws Exception {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.completed", completed("image_generation")).end());

    gate().generateStreaming(request().n(1).extra("output_format", "png").build(), 2, event -> { });

    SseUpstream.Recorded recorded = upstream.takeRequest();
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.target()).isEqualTo(expectedGeneratePath());
    assertThat(recorded.header("accept")).isEqualTo("text/event-stream");
    assertThat(recorded.header("content-type")).startsWith("application/json");
    assertThat(recorded.header(authHeader())).isEqualTo(expectedAuthorization());
    Fixtures.assertJsonMatches(Fixtures.tree(recorded.body()), goldenDirectory() + "stream-generate-request.json");
  }

  @Test
  void aStreamedEditSendsTheGoldenFormAndReadsImageEditEvents() throws Exception {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_edit.partial_image", partial("image_edit", 0))
        .event("image_edit.completed", completed("image_edit")).end());
    byte[] input = Inputs.pngOpaque(16, 16);
    List<String> types = new ArrayList<>();

    ImageResponse response = gate().editStreaming(EditRequest.of(EditRequest.builder("add a red boat")
        .model(model()).size("1024x1024").image(Inputs.image(input, "harbour.png"))), 1,
        event -> types.add(event.type()));

    assertThat(types).containsExactly("image_edit.partial_image", "image_edit.completed", "image_edit.finished");
    assertThat(response.bytes()).isEqualTo(IMAGE);
    SseUpstream.Recorded recorded = upstream.takeRequest();
    assertThat(recorded.target()).isEqualTo(expectedEditPath());
    assertThat(recorded.header("accept")).isEqualTo("text/event-stream");
    FormParts form = FormParts.parse(recorded.header("content-type"), recorded.body());
    ObjectNode fields = Json.object();
    for (FormParts.Part part : form.parts()) {
      fields.put(part.name(), part.filename() == null ? part.text()
          : "<file " + part.filename() + " " + part.contentType() + ">");
    }
    Fixtures.assertJsonMatches(fields, goldenDirectory() + "stream-edit-form.json");
    assertThat(form.parts().stream().filter(p -> p.filename() != null).findFirst().orElseThrow().bytes())
        .isEqualTo(input);
  }

  @Test
  void anErrorEventIsTheProvidersTypedErrorWithTheKeyScrubbed() {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0))
        .event("error", "{\"type\":\"error\",\"error\":{\"message\":\"Your request was rejected by the safety "
            + "system (key " + KEY + ")\",\"type\":\"image_generation_user_error\",\"code\":"
            + "\"moderation_blocked\",\"param\":null}}").end());
    List<ImageEvent> events = new ArrayList<>();

    ContentPolicyViolation e = catchThrowableOfType(ContentPolicyViolation.class,
        () -> gate().generateStreaming(request().build(), 1, events::add));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("rejected by the safety system").doesNotContain(KEY);
    assertThat(events).hasSize(1);
  }

  @Test
  void anErrorInTheDataOfAnUnnamedEventIsMappedByItsType() {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event(null, "{\"type\":\"error\",\"error\":{\"message\":\"The server had an error\",\"type\":"
            + "\"server_error\",\"code\":null,\"param\":null}}").end());

    UpstreamUnavailable e = fail(UpstreamUnavailable.class);

    assertThat(e.getMessage()).contains("The server had an error");
  }

  @Test
  void anEventWhoseDataIsNotJsonIsUpstreamProtocol() {
    upstream.enqueue(exchange -> exchange.stream(200).event("image_generation.partial_image", "{\"type\":").end());

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not a JSON object")
        .contains("image_generation.* event");
  }

  @Test
  void aStreamThatEndsWithoutItsCompletedEventIsUpstreamProtocol() {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0)).end());

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("ended before its completed event")
        .contains("1 whole partial image(s)");
  }

  @Test
  void aPartialThatIsNotAnImageIsUpstreamProtocol() {
    String text = Base64.getEncoder().encodeToString("not an image at all".getBytes());
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0, text))
        .event("image_generation.completed", completed("image_generation")).end());

    assertThat(fail(UpstreamProtocol.class).getMessage()).contains("not a PNG, JPEG, WebP or GIF");
  }

  @Test
  void aConnectionCutMidStreamIsUpstreamUnavailable() {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0)));

    UpstreamUnavailable e = fail(UpstreamUnavailable.class);

    assertThat(e.getMessage()).contains("closed the connection before answering completely");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void aStreamThatStallsPastTheTimeoutIsATimeoutWithoutHanging() {
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      exchange.holdUntilClientCloses(Duration.ofSeconds(20));
    });
    long start = System.nanoTime();

    Timeout e = catchThrowableOfType(Timeout.class, () -> gate().generateStreaming(
        request().timeout(Duration.ofMillis(700)).build(), 1, event -> { }));

    assertThat(e).isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aListenerThatThrowsCancelsTheCallAndClosesTheUpstreamConnection() throws Exception {
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      exchange.holdUntilClientCloses(Duration.ofSeconds(10));
    });

    Cancelled e = catchThrowableOfType(Cancelled.class, () -> gate().generateStreaming(request().build(), 2,
        event -> {
          throw new IllegalStateException("the client went away");
        }));

    assertThat(e).isNotNull();
    assertThat(upstream.clientClosed(Duration.ofSeconds(5))).as("the upstream saw its connection closed").isTrue();
  }

  @Test
  void closingTheIterableStreamEarlyCancelsTheUpstreamCall() throws Exception {
    CountDownLatch readerClosed = new CountDownLatch(1);
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      exchange.await(readerClosed, Duration.ofSeconds(5));
      try {
        exchange.event("image_generation.partial_image", partial("image_generation", 1));
      } catch (java.io.IOException alreadyClosed) {
        // the client closed the connection as soon as its reader closed: the write finds it gone
      }
      exchange.holdUntilClientCloses(Duration.ofSeconds(10));
    });

    try (ImageStream events = gate().generateStreaming(request().build(), 2)) {
      Iterator<ImageEvent> iterator = events.iterator();
      assertThat(iterator.next()).isInstanceOf(ImageEvent.PartialImage.class);
    }
    readerClosed.countDown();

    assertThat(upstream.clientClosed(Duration.ofSeconds(5))).as("the upstream saw its connection closed").isTrue();
  }

  @Test
  void closingTheIterableStreamWhileTheUpstreamIsSilentCancelsAtOnce() throws Exception {
    upstream.enqueue(exchange -> {
      exchange.stream(200).event("image_generation.partial_image", partial("image_generation", 0));
      exchange.holdUntilClientCloses(Duration.ofSeconds(20));
    });

    try (ImageStream events = gate().generateStreaming(request().timeout(Duration.ofSeconds(60)).build(), 2)) {
      assertThat(events.iterator().next()).isInstanceOf(ImageEvent.PartialImage.class);
    }

    assertThat(upstream.clientClosed(Duration.ofSeconds(5)))
        .as("the upstream saw its connection closed without sending another event").isTrue();
  }

  @Test
  void errorStatusesBeforeTheStreamFollowTheErrorTable() {
    upstream.enqueue(exchange -> exchange.whole(401, "application/json", "{\"error\":{\"message\":\"Incorrect API "
        + "key provided: " + KEY + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    assertThat(fail(Authentication.class).getMessage()).contains("Incorrect API key").doesNotContain(KEY);

    upstream.enqueue(exchange -> exchange.whole(429, "application/json",
        "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "7"));
    RateLimited limited = fail(RateLimited.class);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));

    upstream.enqueue(exchange -> exchange.whole(500, "application/json",
        "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
    assertThat(fail(UpstreamUnavailable.class).getMessage()).contains("The server had an error");
  }

  @Test
  void aJsonAnswerToAStreamRequestIsReadAsTheOrdinaryAnswer() {
    upstream.enqueue(exchange -> exchange.whole(200, "application/json; charset=utf-8",
        "{\"created\":1765000100,\"data\":[{\"b64_json\":\"" + IMAGE_B64 + "\"}],\"usage\":" + USAGE + "}"));
    List<String> types = new ArrayList<>();

    ImageResponse response = gate().generateStreaming(request().build(), 2, event -> types.add(event.type()));

    assertThat(types).containsExactly("image_generation.completed", "image_generation.finished");
    assertThat(response.bytes()).isEqualTo(IMAGE);
    assertThat(response.created()).isEqualTo(1765000100L);
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.03075"));
  }

  @Test
  void aModelThatCannotStreamIsCalledTheOrdinaryWayAndAnswersWithCompletedEvents() throws Exception {
    upstream.enqueue(exchange -> exchange.whole(200, "application/json",
        "{\"created\":1765000200,\"data\":[{\"b64_json\":\"" + IMAGE_B64 + "\"}]}"));
    List<ImageEvent> events = new ArrayList<>();

    gate().generateStreaming(ImageRequest.builder("a lighthouse").model(nonStreamingModel()).build(), 2, events::add);

    assertThat(events).extracting(ImageEvent::type).containsExactly("image_generation.completed",
        "image_generation.finished");
    assertThat(((ImageEvent.CompletedImage) events.get(0)).streamedUpstream()).isFalse();
    SseUpstream.Recorded recorded = upstream.takeRequest();
    assertThat(recorded.header("accept")).isEqualTo("application/json");
    assertThat(body(recorded).has("stream")).isFalse();
    assertThat(body(recorded).has("partial_images")).isFalse();
  }

  protected <T extends ImageGateException> T fail(Class<T> type) {
    T e = catchThrowableOfType(type, () -> gate().generateStreaming(request().build(), 1, event -> { }));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  private static byte[] bigPng() {
    byte[] png = Inputs.pngOpaque(16, 16);
    byte[] noise = new byte[3000];
    new Random(7).nextBytes(noise);
    byte[] out = Arrays.copyOf(png, png.length + noise.length);
    System.arraycopy(noise, 0, out, png.length, noise.length);
    return out;
  }

  /** The parsed body, for subclasses' own checks. */
  protected static JsonNode body(SseUpstream.Recorded recorded) {
    return Fixtures.tree(recorded.body());
  }
}
