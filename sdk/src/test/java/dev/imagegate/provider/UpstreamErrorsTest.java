package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.UpstreamErrors.Reading;
import dev.imagegate.provider.UpstreamErrors.Sign;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one status table every provider's error answers go through, apart from any provider's body format. */
class UpstreamErrorsTest {
  private static final ProviderCall CALL = new ProviderCall(new ModelRef("openai", "dall-e-3"),
      ImageRequest.builder().prompt("a cat").build(), Env.of(Map.of()), null, Clock.systemUTC());

  private static ImageGateException map(Reading reading, Map<String, List<String>> headers) {
    HttpTransport.Response response = new HttpTransport.Response(reading.status(), headers,
        "{\"raw\": true}".getBytes(StandardCharsets.UTF_8));
    return UpstreamErrors.map(CALL, response, reading);
  }

  private static ImageGateException map(Reading reading) {
    return map(reading, Map.of("x-request-id", List.of("req-7")));
  }

  @Test
  void theStatusChoosesTheExceptionAndTheMessageKeepsTheProvidersWords() {
    ImageGateException e = map(Reading.of(400, "size is wrong").param("size").label("INVALID_ARGUMENT"));

    assertThat(e).isInstanceOf(BadRequest.class).hasMessage("openai error 400 INVALID_ARGUMENT: size is wrong");
    assertThat(e.param()).isEqualTo("size");
    assertThat(e.requestId()).contains("req-7");
    assertThat(e.upstreamStatus()).contains(400);
    assertThat(map(Reading.of(401, "bad key"))).isInstanceOf(Authentication.class);
    assertThat(map(Reading.of(402, "no credits"))).isInstanceOf(PermissionDenied.class)
        .hasMessage("openai error 402: no credits (insufficient credits)");
    assertThat(map(Reading.of(408, "slow"))).isInstanceOf(Timeout.class);
    assertThat(map(Reading.of(503, "down"))).isInstanceOf(UpstreamUnavailable.class)
        .satisfies(down -> assertThat(down.status()).isEqualTo(503));
    assertThat(map(Reading.of(500, "oops"))).satisfies(oops -> assertThat(oops.status()).isEqualTo(502));
    assertThat(map(Reading.of(418, "teapot"))).isInstanceOf(BadRequest.class);
    assertThat(map(Reading.of(302, null))).isInstanceOf(UpstreamProtocol.class)
        .hasMessage("openai answered unexpected HTTP 302: '{\"raw\": true}'");
  }

  @Test
  void whatTheBodySaidRefinesTheStatusRow() {
    assertThat(map(Reading.of(400, "refused").sign(Sign.CONTENT_POLICY))).isInstanceOf(ContentPolicyViolation.class);
    assertThat(map(Reading.of(403, "refused").sign(Sign.CONTENT_POLICY))).isInstanceOf(ContentPolicyViolation.class);
    assertThat(map(Reading.of(500, "refused").sign(Sign.CONTENT_POLICY))).isInstanceOf(UpstreamUnavailable.class);
    assertThat(map(Reading.of(400, "API key not valid").sign(Sign.BAD_CREDENTIALS)))
        .isInstanceOf(Authentication.class);
    RateLimited quota = (RateLimited) map(Reading.of(429, "quota").sign(Sign.QUOTA_EXHAUSTED));
    assertThat(quota.quotaExhausted()).isTrue();
    assertThat(quota.retryable()).isFalse();
  }

  @Test
  void theRowMayDifferFromTheStatusShown() {
    ImageGateException e = map(Reading.of(424, "model failed").meaning(502).label("ModelErrorException"));

    assertThat(e).isInstanceOf(UpstreamUnavailable.class)
        .hasMessage("openai error 424 ModelErrorException: model failed");
  }

  @Test
  void aRetryAfterHeaderWinsOverTheBodysDelay() {
    Reading slowDown = Reading.of(429, "slow down").retryDelay(Duration.ofSeconds(7));

    assertThat(map(slowDown).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(map(slowDown, Map.of("retry-after", List.of("2"))).retryAfter()).contains(Duration.ofSeconds(2));
  }
}
