package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.ProviderHttp;
import dev.imagegate.testing.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Golden SigV4: the exact {@code Authorization} header for fixed credentials, a fixed clock and a fixed body. The
 * pinned signatures were cross-checked with botocore's {@code SigV4Auth} (an independent implementation) over the
 * same method, URL, headers and body.
 */
class BedrockSigningTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
  static final String SESSION_TOKEN = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN";
  static final String NOVA_AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/bedrock/"
      + "aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, "
      + "Signature=faad4f5dcd392b7c2c1d89faeeb583010acce58712cad479fe89c60e8ea7001f";
  static final String ARN_AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/bedrock/"
      + "aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;"
      + "x-amz-security-token, Signature=a3b61d5605b78624db0cd3d0e9aa9fd93726505655418d5cc03c3b9cf92f3951";
  static final String ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-canvas-v1:0";

  private final List<HttpTransport.Request> sent = new CopyOnWriteArrayList<>();
  private final HttpTransport transport = request -> {
    sent.add(request);
    return new HttpTransport.Response(200, Map.of("x-amzn-RequestId", List.of("r-1")),
        Fixtures.text("providers/bedrock/nova-response.json").getBytes(StandardCharsets.UTF_8));
  };

  private ImageGate gate(Map<String, String> env) {
    return ImageGate.builder().transport(transport).clock(CLOCK).env(Env.of(env)).build();
  }

  @Test
  void providerSignsTheExactRequestItSends() throws Exception {
    gate(Map.of("AWS_ACCESS_KEY_ID", SigV4MockBedrock.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SigV4MockBedrock.SECRET_KEY,
        "AWS_REGION", "us-east-1"))
        .generate(ImageRequest.builder("a lighthouse at dawn").model("bedrock/amazon.nova-canvas-v1:0")
            .size("1024x1024").quality("premium").extra("seed", 42).build());

    HttpTransport.Request request = sent.get(0);
    assertThat(request.uri()).isEqualTo(
        URI.create("https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-canvas-v1%3A0/invoke"));
    assertThat(new String(request.body(), StandardCharsets.UTF_8))
        .isEqualTo(Fixtures.text("providers/bedrock/signed-body.json").strip());
    assertThat(request.headers()).containsEntry("Authorization", NOVA_AUTHORIZATION)
        .containsEntry("X-Amz-Date", "20250102T030405Z")
        .containsEntry("x-amz-content-sha256", sha256(request.body()))
        .doesNotContainKey("Host").doesNotContainKey("X-Amz-Security-Token");
  }

  @Test
  void arnModelIdsAreSignedOverTheEncodedPathWithTheSessionToken() {
    Map<String, String> headers = BedrockSigning.sign(
        BedrockSettings.invokeUri("https://bedrock-runtime.us-east-1.amazonaws.com", ARN),
        ProviderHttp.jsonHeaders(Map.of()), Fixtures.text("providers/bedrock/signed-body.json").strip()
            .getBytes(StandardCharsets.UTF_8),
        AwsSessionCredentialsIdentity.create(SigV4MockBedrock.ACCESS_KEY, SigV4MockBedrock.SECRET_KEY,
            SESSION_TOKEN), "us-east-1", CLOCK);

    assertThat(headers).containsEntry("Authorization", ARN_AUTHORIZATION)
        .containsEntry("X-Amz-Security-Token", SESSION_TOKEN);
  }

  @Test
  void theSignatureDependsOnClockBodyAndPath() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    AwsCredentialsIdentity keys = AwsCredentialsIdentity.create("AKID", "secret");
    URI uri = URI.create("https://h/model/a%3A0/invoke");
    String base = BedrockSigning.sign(uri, Map.of(), body, keys, "us-east-1", CLOCK).get("Authorization");

    assertThat(BedrockSigning.sign(uri, Map.of(), "{ }".getBytes(StandardCharsets.UTF_8), keys, "us-east-1", CLOCK)
        .get("Authorization")).isNotEqualTo(base);
    assertThat(BedrockSigning.sign(URI.create("https://h/model/a:0/invoke"), Map.of(), body, keys, "us-east-1",
        CLOCK).get("Authorization")).isNotEqualTo(base);
    assertThat(BedrockSigning.sign(uri, Map.of(), body, keys, "us-east-1",
        Clock.offset(CLOCK, java.time.Duration.ofSeconds(1))).get("Authorization")).isNotEqualTo(base);
    assertThat(BedrockSigning.sign(uri, Map.of(), body, keys, "us-east-1", CLOCK).get("Authorization"))
        .isEqualTo(base);
  }

  @Test
  void modelIdsAreOnePercentEncodedPathSegment() {
    assertThat(BedrockSettings.invokeUri("https://e", "amazon.nova-canvas-v1:0").getRawPath())
        .isEqualTo("/model/amazon.nova-canvas-v1%3A0/invoke");
    assertThat(BedrockSettings.invokeUri("https://e/proxy", ARN).getRawPath()).isEqualTo("/proxy/model/"
        + "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-canvas-v1%3A0/invoke");
    assertThat(BedrockSettings.encodeSegment("a b~_-.é")).isEqualTo("a%20b~_-.%C3%A9");
  }

  static String sha256(byte[] body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
  }
}
