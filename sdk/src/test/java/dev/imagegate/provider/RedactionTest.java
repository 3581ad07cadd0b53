package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamProtocol;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void theCallsOwnSecretsAreReplacedWhereverTheyAppearRawEncodedOrEscaped() {
    ImageRequest request = ImageRequest.builder("p").model("openai/dall-e-3").apiKey("plain-key-1234")
        .apiBase("https://user:pa55word@host.example/v1?api_key=qkey-777&region=eu")
        .extra("aws_secret_access_key", "wJalr/XUtn+FEMI").extra("aws_region_name", "eu-west-1").build();
    Redaction redaction = Redaction.of(request, Env.of(Map.of("RECRAFT_API_KEY", "env-recraft-key")));

    String scrubbed = redaction.scrub("got plain-key-1234, wJalr%2FXUtn%2BFEMI, wJalr\\/XUtn+FEMI, pa55word,"
        + " qkey-777, env-recraft-key in eu-west-1");

    assertThat(scrubbed).isEqualTo("got ****, ****, ****, ****, ****, **** in eu-west-1");
  }

  @Test
  void base64FormsOfTheCallsSecretsAndBasicCredentialsAreReplacedToo() {
    ImageRequest request = ImageRequest.builder("p").model("openai/dall-e-3").apiKey("sk-upstream-secret-123456")
        .apiBase("https://user:pa55word-long@host.example/v1").build();
    Redaction redaction = Redaction.of(request, Env.of(Map.of()));
    java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();

    String scrubbed = redaction.scrub("dump: " + base64.encodeToString("sk-upstream-secret-123456".getBytes())
        + " url-safe " + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
            "pa55word-long".getBytes()) + " header Authorization=Basic "
        + base64.encodeToString("user:pa55word-long".getBytes()) + " proxy basic dXNlcjpvdGhlcg== done");

    assertThat(scrubbed).isEqualTo("dump: **** url-safe **** header Authorization=Basic **** proxy basic **** done");
  }

  @Test
  void credentialShapesAreReplacedWhoeverTheyBelongTo() {
    String text = Redaction.SHAPES_ONLY.scrub("Incorrect API key provided: sk-proj-abcdef123456. "
        + "Authorization: Bearer eyJhbGciOi.payload.sig api-key: 0123abcd x-goog-api-key=AIzaSyD-9tSrke72PouQMnMX-a7eZ "
        + "token ya29.a0AfH6SMBx id AKIAIOSFODNN7EXAMPLE \"aws_secret_access_key\": \"abc/def\" "
        + "url ?X-Amz-Signature=deadbeef&x=1 -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- end");

    assertThat(text).doesNotContain("abcdef123456", "eyJhbGciOi", "0123abcd", "9tSrke72", "a0AfH6SMBx",
        "IOSFODNN7EXAMPLE", "abc/def", "deadbeef", "MIIE");
    assertThat(text).contains("Incorrect API key provided: sk-****", "Bearer ****", "ya29.****", "AKIA****",
        "[private key] end", "&x=1");
  }

  @Test
  void aScrubbedFailureKeepsItsTypeStatusAndFieldsAndDropsACauseThatQuotesTheSecret() {
    Redaction redaction = Redaction.ofValues(Set.of("very-secret-value"));
    ImageGateException.Details details = new ImageGateException.Details("openai", "dall-e-3", 429,
        "quota for very-secret-value", "req-1");

    ImageGateException limited = redaction.scrub(new RateLimited("limited: very-secret-value", Duration.ofSeconds(3),
        true, details));
    ImageGateException bad = redaction.scrub(new BadRequest("bad very-secret-value", "size", details));
    ImageGateException protocol = redaction.scrub(new UpstreamProtocol("not JSON", details,
        new IOException("Unrecognized token 'very-secret-value'")));

    assertThat(limited).isInstanceOf(RateLimited.class).hasMessage("limited: ****");
    assertThat(((RateLimited) limited).quotaExhausted()).isTrue();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(limited.providerMessage()).contains("quota for ****");
    assertThat(limited.requestId()).contains("req-1");
    assertThat(bad).isInstanceOf(BadRequest.class).hasMessage("bad ****");
    assertThat(bad.param()).isEqualTo("size");
    assertThat(protocol).hasNoCause();
  }

  @Test
  void credentialHeadersSentThroughTheWatchedTransportAreLearnt() throws Exception {
    Redaction redaction = Redaction.ofValues(Set.of());
    HttpTransport watched = redaction.watching(request -> new HttpTransport.Response(200, Map.of(), new byte[0]));

    watched.send(new HttpTransport.Request("GET", URI.create("https://x.example"),
        Map.of("Authorization", "Token minted-during-call", "X-Trace", "trace-visible"), null, Duration.ofSeconds(1)));

    assertThat(redaction.scrub("echo minted-during-call trace-visible")).isEqualTo("echo **** trace-visible");
  }

  @Test
  void shownUrlsHideUserinfoAndSecretQueryValues() {
    assertThat(Secrets.maskUrl("http://user:PASS@host:8080/v1?api_key=SECRET&region=eu&sig=abc"))
        .isEqualTo("http://****@host:8080/v1?api_key=****&region=eu&sig=****");
    assertThat(Secrets.maskUrl("https://plain.example/v1")).isEqualTo("https://plain.example/v1");
    assertThat(Secrets.maskUrl("not a url user:pw@host?token=t")).doesNotContain("=t").contains("token=****");
    assertThat(Secrets.urlSecrets("https://u:p%40ss@h/?key=k1")).contains("u:p%40ss", "p%40ss", "p@ss", "k1");
    assertThat(Secrets.maskUrl(null)).isNull();
    assertThat(List.of(Secrets.maskUrl("https://h/?access_token=zz"))).containsExactly("https://h/?access_token=****");
  }
}
