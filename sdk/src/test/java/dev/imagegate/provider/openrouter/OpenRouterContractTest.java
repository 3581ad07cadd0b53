package dev.imagegate.provider.openrouter;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.MockServers;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** OpenRouter against a local server speaking its protocol: the request on the wire, images, cost, fan-out. */
class OpenRouterContractTest extends OpenRouterMockServerTest {
  @Test
  void postsAChatCompletionAskingForImageOutput() throws Exception {
    enqueueImage();

    ImageResponse response = gate().generate(request().size("1792x1024").extra("seed", 7)
        .extra("site_url", "https://example.com").extra("app_name", "imagegate-test").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo("/api/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("imagegate/");
    assertThat(recorded.getHeaders().get("HTTP-Referer")).isEqualTo("https://example.com");
    assertThat(recorded.getHeaders().get("X-Title")).isEqualTo("imagegate-test");
    JsonNode body = body(recorded);
    assertThat(body.path("model").asText()).isEqualTo("google/gemini-2.5-flash-image");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("A cute baby sea otter");
    assertThat(body.path("modalities").toString()).isEqualTo("[\"image\",\"text\"]");
    assertThat(body.path("image_config").path("aspect_ratio").asText()).isEqualTo("16:9");
    assertThat(body.path("usage").path("include").asBoolean()).isTrue();
    assertThat(body.path("seed").asInt()).isEqualTo(7);
    assertThat(body.has("site_url")).isFalse();
    assertThat(body.has("app_name")).isFalse();
    assertThat(body.has("n")).isFalse();
    assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(response.created()).isEqualTo(1730000000L);
    assertThat(response.provider()).isEqualTo("openrouter");
  }

  @Test
  void reportedCostWinsAndFractionalTokensAreRounded() {
    enqueueImage();

    ImageResponse response = gate().generate(request().build());

    assertThat(response.cost()).isEqualTo(Cost.reported(new BigDecimal("0.0387")));
    assertThat(response.usage().outputTokens()).isEqualTo(1291);
  }

  @Test
  void nImagesAreParallelCallsWhoseReportedCostsAreSummed() throws Exception {
    for (int i = 0; i < 3; i++) {
      enqueueImage();
    }

    ImageResponse response = gate().generate(request().n(3).build());

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(response.data()).hasSize(3);
    assertThat(response.cost()).isEqualTo(Cost.reported(new BigDecimal("0.1161")));
    assertThat(response.usage().outputTokens()).isEqualTo(3 * 1291);
    for (int i = 0; i < 3; i++) {
      assertThat(body(server.takeRequest()).has("n")).isFalse();
    }
  }

  @Test
  void oneFailedCallOfAFanOutFailsTheWhole() {
    enqueueImage();
    server.enqueue(json(500, "{\"error\":{\"code\":500,\"message\":\"Internal Server Error\"}}"));

    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class,
        () -> gate().generate(request().n(2).build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("Internal Server Error");
  }

  @Test
  void withoutUsageCostTheCallIsExplicitlyUnpriced() {
    server.enqueue(json(200, "{\"created\":1,\"choices\":[{\"message\":{\"images\":[{\"image_url\":{\"url\":"
        + "\"data:image/png;base64," + MockServers.PNG_1X1 + "\"}}]}}]}"));

    ImageResponse response = gate().generate(request().build());

    assertThat(response.cost().priced()).isFalse();
    assertThat(response.cost().usd()).isEmpty();
  }

  @Test
  void urlImagesStayUrlsAndAreDownloadedWhenBase64IsWanted() throws Exception {
    String imageUrl = server.url("/files/1.png").toString();
    String answer = "{\"created\":1,\"choices\":[{\"message\":{\"images\":[{\"image_url\":{\"url\":\"" + imageUrl
        + "\"}}]}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"cost\":0.01}}";
    server.enqueue(json(200, answer));
    server.enqueue(json(200, answer));
    server.enqueue(new MockResponse.Builder().code(200)
        .body(new Buffer().write(Base64.getDecoder().decode(MockServers.PNG_1X1))).build());

    ImageResponse asUrl = gate().generate(request().build());
    ImageResponse asBase64 = gate().generate(request().responseFormat("b64_json").build());

    assertThat(asUrl.data().get(0).url()).isEqualTo(imageUrl);
    assertThat(asBase64.data().get(0).b64Json()).isEqualTo(MockServers.PNG_1X1);
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/files/1.png");
  }

  @Test
  void requestKeyAndBaseWinOverTheEnvironment() throws Exception {
    enqueueImage();

    gate().generate(request().apiKey("sk-or-request").apiBase(server.url("/other/v1/").toString()).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/other/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-or-request");
  }

  @Test
  void missingKeyNamesTheEnvVar() {
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("OPENROUTER_API_BASE", base()))).build();

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate.generate(request().build()));

    assertThat(e.getMessage()).contains("OPENROUTER_API_KEY").contains("apiKey");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void portableParametersOpenRouterCannotTakeAreRejectedBeforeSending() {
    BadRequest quality = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().quality("ultra")
        .build()));
    BadRequest style = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().style("vivid")
        .build()));
    BadRequest n = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().n(11).build()));

    assertThat(quality.param()).isEqualTo("quality");
    assertThat(quality.getMessage()).contains("auto, standard, low, medium, high, hd");
    assertThat(style.param()).isEqualTo("style");
    assertThat(n.param()).isEqualTo("n");
    assertThat(n.getMessage()).contains("1..10");
    assertThat(server.getRequestCount()).isZero();
  }
}
