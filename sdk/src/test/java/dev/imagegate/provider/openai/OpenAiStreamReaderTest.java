package dev.imagegate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageEvent;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.PartialImages;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ServerSentEvents;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.MockServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event reader alone: the answer it builds, the events it skips or refuses, and the status of error events. */
class OpenAiStreamReaderTest {
  private static final OpenAiProvider PROVIDER = new OpenAiProvider();
  private static final ProviderCall CALL = EditCalls.call(PROVIDER, "gpt-image-2",
      ImageRequest.builder("a fox").model("openai/gpt-image-2").build(), Map.of("OPENAI_API_KEY", "sk-x"));
  private static final HttpTransport.Response HEAD = new HttpTransport.Response(200,
      Map.of("x-request-id", List.of("req_1")), null);

  private final List<ImageEvent.PartialImage> partials = new ArrayList<>();

  private ImageResponse read(String stream) throws IOException {
    PartialImages sink = new PartialImages() {
      @Override
      public int wanted() {
        return 3;
      }

      @Override
      public void accept(ImageEvent.PartialImage partial) {
        partials.add(partial);
      }
    };
    return new OpenAiStreamReader(CALL, "openai", sink, HEAD, response -> OpenAiErrors.map(CALL, response))
        .read(new ServerSentEvents(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8))));
  }

  private static String completed(String b64, int outputImageTokens) {
    return "event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"b64_json\":\"" + b64
        + "\",\"created_at\":11,\"output_format\":\"png\",\"usage\":{\"input_tokens\":10,\"output_tokens\":"
        + outputImageTokens + ",\"total_tokens\":" + (10 + outputImageTokens) + ",\"input_tokens_details\":"
        + "{\"text_tokens\":10,\"image_tokens\":0},\"output_tokens_details\":{\"image_tokens\":" + outputImageTokens
        + ",\"text_tokens\":0}}}\n\n";
  }

  @Test
  void severalCompletedEventsGiveTheirImagesInOrderAndTheSumOfTheirUsage() throws IOException {
    byte[] second = Base64.getDecoder().decode(MockServers.PNG_1X1);
    second[second.length - 1] ^= 1;
    String secondB64 = Base64.getEncoder().encodeToString(second);

    ImageResponse response = read(completed(MockServers.PNG_1X1, 100) + completed(secondB64, 200));

    assertThat(response.data()).hasSize(2);
    assertThat(response.bytes(1)).isEqualTo(second);
    assertThat(response.usage().inputTokens()).isEqualTo(20);
    assertThat(response.usage().outputTokensDetails().imageTokens()).isEqualTo(300);
    assertThat(response.created()).isEqualTo(11);
  }

  @Test
  void escapedBase64IsKeptAsASliceAndUnescapedWhenDecoded() throws IOException {
    String escaped = MockServers.PNG_1X1.replace("/", "\\/");

    ImageResponse response = read("data: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"" + escaped
        + "\",\"partial_image_index\":0}\n\n" + completed(escaped, 5));

    assertThat(partials).singleElement().satisfies(p ->
        assertThat(p.bytes()).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1)));
    assertThat(response.bytes()).isEqualTo(Base64.getDecoder().decode(MockServers.PNG_1X1));
  }

  @Test
  void unknownEventTypesAreSkippedAndDoneEndsTheStream() throws IOException {
    ImageResponse response = read("data: {\"type\":\"image_generation.progress\",\"percent\":40}\n\n"
        + completed(MockServers.PNG_1X1, 5) + "data: [DONE]\n\ndata: {\"not\":\"read\"}\n\n");

    assertThat(response.data()).hasSize(1);
  }

  @Test
  void anEventWithoutATypeOrAnImageIsUpstreamProtocol() {
    UpstreamProtocol untyped = catchThrowableOfType(UpstreamProtocol.class, () -> read("data: {\"b64\":1}\n\n"));
    assertThat(untyped.getMessage()).contains("an event without a type");
    assertThat(untyped.details().requestId()).isEqualTo("req_1");

    UpstreamProtocol imageless = catchThrowableOfType(UpstreamProtocol.class,
        () -> read("data: {\"type\":\"image_generation.completed\",\"b64_json\":\"\"}\n\n"));
    assertThat(imageless.getMessage()).contains("without b64_json");
  }

  @Test
  void anEventOverTheSizeLimitIsUpstreamProtocol() {
    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class, () ->
        new OpenAiStreamReader(CALL, "openai", null, HEAD, response -> OpenAiErrors.map(CALL, response))
            .read(new ServerSentEvents(new ByteArrayInputStream(("data: " + "A".repeat(100) + "\n\n")
                .getBytes(StandardCharsets.US_ASCII)), 64)));

    assertThat(e.getMessage()).contains("malformed event stream").contains("longer than 64 bytes");
  }

  @Test
  void anErrorEventWithABareErrorObjectIsMappedToo() {
    RateLimited e = catchThrowableOfType(RateLimited.class, () -> read("event: error\ndata: {\"message\":"
        + "\"Slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}\n\n"));

    assertThat(e.getMessage()).contains("Slow down");
  }

  @Test
  void anErrorEventWhoseDataIsNotJsonIsAServerErrorQuotingIt() {
    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class,
        () -> read("event: error\ndata: upstream exploded\n\n"));

    assertThat(e.getMessage()).contains("upstream exploded");
  }

  @Test
  void errorTypesMeanTheStatusesOfOpenAisErrorTable() {
    assertThat(mapped("invalid_request_error", null)).isInstanceOf(BadRequest.class);
    assertThat(mapped("image_generation_user_error", "moderation_blocked"))
        .isInstanceOf(ContentPolicyViolation.class);
    assertThat(mapped("authentication_error", "invalid_api_key")).isInstanceOf(Authentication.class);
    assertThat(mapped("insufficient_quota", "insufficient_quota"))
        .isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.retryable()).isFalse());
    assertThat(mapped("server_error", null)).isInstanceOf(UpstreamUnavailable.class);
    assertThat(mapped(null, null)).isInstanceOf(UpstreamUnavailable.class);
  }

  private ImageGateException mapped(String type, String code) {
    String error = "{\"type\":\"error\",\"error\":{\"message\":\"m\",\"type\":" + quoted(type) + ",\"code\":"
        + quoted(code) + "}}";
    return catchThrowableOfType(ImageGateException.class, () -> read("data: " + error + "\n\n"));
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
