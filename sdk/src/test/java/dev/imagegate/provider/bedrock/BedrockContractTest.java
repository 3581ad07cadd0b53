package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.provider.bedrock.BedrockModels.Family;
import dev.imagegate.testing.MockServers;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** InvokeModel on the wire, against a local Bedrock that verifies every SigV4 signature. */
class BedrockContractTest extends BedrockServerTest {
  static final String PROFILE_ARN = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-canvas-v1:0";

  /** The models that generate (Stability's image services on Bedrock only edit: see BedrockEditTest). */
  static Stream<String> models() {
    return BedrockModels.KNOWN.keySet().stream()
        .filter(id -> BedrockModels.KNOWN.get(id).capabilities().serves(dev.imagegate.Operation.GENERATE));
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyModelIsASignedInvokeModelCallInItsFamilysShape(String id) throws Exception {
    Family family = BedrockModels.KNOWN.get(id).family();
    server.enqueue(success(family, 1));

    ImageResponse response = gate().generate(request("bedrock/" + id).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo("/model/" + id.replace(":", "%3A") + "/invoke");
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/us-east-1/bedrock/aws4_request");
    JsonNode body = body(recorded);
    switch (family) {
      case SDXL -> assertThat(body.at("/text_prompts/0/text").asText()).isEqualTo("a lighthouse at dawn");
      case STABILITY -> assertThat(body.has("mode")).as("AWS documents no mode field").isFalse();
      case TITAN, NOVA_CANVAS -> assertThat(body.at("/textToImageParams/text").asText())
          .isEqualTo("a lighthouse at dawn");
      case NOVA_MESSAGES -> assertThat(body.at("/messages/0/content/0/text").asText())
          .isEqualTo("a lighthouse at dawn");
    }
    assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(response.model()).isEqualTo(id);
    assertThat(response.cost().priced()).as("priced (Nova 2 Omni has no published image price)")
        .isEqualTo(family != Family.NOVA_MESSAGES);
    assertAllSigned(1);
  }

  @Test
  void crossRegionIdsAndArnsArePathEncodedAndSignedAsSent() throws Exception {
    bedrock = new SigV4MockBedrock(AwsCredentialsIdentity.create(SigV4MockBedrock.ACCESS_KEY,
        SigV4MockBedrock.SECRET_KEY), "eu-west-1");
    server.setDispatcher(bedrock);
    server.enqueue(success(Family.NOVA_CANVAS, 1));
    server.enqueue(success(Family.STABILITY, 1));
    Map<String, String> env = env();
    env.remove("AWS_REGION");

    gate(env).generate(request("bedrock/" + PROFILE_ARN).size("1024x1024").build());
    gate(env).generate(request("bedrock/eu.stability.stable-image-ultra-v1:1").size("16:9")
        .extra("aws_region_name", "eu-west-1").build());

    RecordedRequest arn = server.takeRequest();
    assertThat(arn.getTarget()).isEqualTo("/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3A"
        + "inference-profile%2Feu.amazon.nova-canvas-v1%3A0/invoke");
    assertThat(body(arn).at("/imageGenerationConfig/width").asInt()).isEqualTo(1024);
    RecordedRequest prefixed = server.takeRequest();
    assertThat(prefixed.getTarget()).isEqualTo("/model/eu.stability.stable-image-ultra-v1%3A1/invoke");
    assertThat(body(prefixed).path("aspect_ratio").asText()).isEqualTo("16:9");
    assertAllSigned(2);
  }

  @Test
  void anOpaqueArnIsServedAsItsBaseModel() throws Exception {
    server.enqueue(success(Family.TITAN, 1));

    ImageResponse response = gate().generate(request("bedrock/arn:aws:bedrock:us-east-1:123456789012:"
        + "application-inference-profile/a1b2c3").extra("base_model", "bedrock/amazon.titan-image-generator-v2:0")
        .size("512x512").build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.path("taskType").asText()).isEqualTo("TEXT_IMAGE");
    assertThat(body.has("base_model")).isFalse();
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.008"));
    assertAllSigned(1);
  }

  @Test
  void settingsInExtrasWinOverTheEnvAndNeverReachTheBody() throws Exception {
    bedrock = new SigV4MockBedrock(AwsCredentialsIdentity.create("AKIDOTHER", "other-secret"), "ap-south-1");
    server.setDispatcher(bedrock);
    server.enqueue(success(Family.NOVA_CANVAS, 1));
    Map<String, String> env = env();
    env.put("AWS_BEDROCK_RUNTIME_ENDPOINT", MockServers.closedPortUrl(""));
    env.put("AWS_BEARER_TOKEN_BEDROCK", "ambient-bearer");

    gate(env).generate(request("bedrock/amazon.nova-canvas-v1:0").extra("aws_access_key_id", "AKIDOTHER")
        .extra("aws_secret_access_key", "other-secret").extra("aws_region_name", "ap-south-1")
        .extra("aws_bedrock_runtime_endpoint", endpoint()).extra("aws_some_future_setting", "x")
        .extra("cfgScale", 6.5).build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.at("/imageGenerationConfig/cfgScale").asDouble()).isEqualTo(6.5);
    assertThat(body.toString()).doesNotContain("aws_").doesNotContain("AKIDOTHER").doesNotContain("other-secret");
    assertAllSigned(1);
  }

  @Test
  void sessionCredentialsSendAndSignTheSecurityToken() throws Exception {
    bedrock.expect(AwsSessionCredentialsIdentity.create(SigV4MockBedrock.ACCESS_KEY, SigV4MockBedrock.SECRET_KEY,
        "session-token-1"));
    server.enqueue(success(Family.TITAN, 1));
    Map<String, String> env = env();
    env.put("AWS_SESSION_TOKEN", "session-token-1");

    gate(env).generate(request("bedrock/amazon.titan-image-generator-v1").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("X-Amz-Security-Token")).isEqualTo("session-token-1");
    assertThat(recorded.getHeaders().get("Authorization")).contains("x-amz-security-token");
    assertAllSigned(1);
  }

  @Test
  void guardrailExtrasAreSignedHeadersNotBodyFields() throws Exception {
    server.enqueue(success(Family.NOVA_CANVAS, 1));

    gate().generate(request("bedrock/amazon.nova-canvas-v1:0").extra("guardrailIdentifier", "gr-123")
        .extra("guardrailVersion", "2").extra("trace", "ENABLED").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("X-Amzn-Bedrock-GuardrailIdentifier")).isEqualTo("gr-123");
    assertThat(recorded.getHeaders().get("X-Amzn-Bedrock-GuardrailVersion")).isEqualTo("2");
    assertThat(recorded.getHeaders().get("X-Amzn-Bedrock-Trace")).isEqualTo("ENABLED");
    assertThat(recorded.getHeaders().get("Authorization")).contains("x-amzn-bedrock-guardrailidentifier");
    assertThat(body(recorded).toString()).doesNotContain("guardrail").doesNotContain("ENABLED");
    assertAllSigned(1);
  }

  @Test
  void apiKeysAreSentAsBearerWithoutSigning() throws Exception {
    server.setDispatcher(new QueueDispatcher());
    server.enqueue(success(Family.NOVA_CANVAS, 1));
    server.enqueue(success(Family.NOVA_CANVAS, 1));
    Map<String, String> env = Map.of("AWS_BEARER_TOKEN_BEDROCK", "br-env-key", "AWS_BEDROCK_RUNTIME_ENDPOINT",
        endpoint());

    gate(env).generate(request("bedrock/amazon.nova-canvas-v1:0").apiKey("br-request-key").build());
    gate(env).generate(request("bedrock/amazon.nova-canvas-v1:0").build());

    RecordedRequest explicit = server.takeRequest();
    assertThat(explicit.getHeaders().get("Authorization")).isEqualTo("Bearer br-request-key");
    assertThat(explicit.getHeaders().get("X-Amz-Date")).isNull();
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer br-env-key");
  }

  @Test
  void nAboveOneOnStabilityModelsIsParallelSignedCallsWithDistinctSeeds() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(success(Family.SDXL, 1));
    }

    ImageResponse response = gate().generate(request("bedrock/stability.stable-diffusion-xl-v1").n(3)
        .extra("seed", 10).build());

    Set<Long> seeds = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      seeds.add(body(server.takeRequest()).path("seed").asLong());
    }
    assertThat(seeds).containsExactlyInAnyOrder(10L, 11L, 12L);
    assertThat(response.data()).hasSize(3);
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.12"));
    assertAllSigned(3);
  }

  @Test
  void titanAndNovaDrawNImagesInOneCall() throws Exception {
    server.enqueue(success(Family.TITAN, 3));

    ImageResponse response = gate().generate(request("bedrock/us.amazon.titan-image-generator-v2:0").n(3)
        .quality("premium").build());

    assertThat(body(server.takeRequest()).at("/imageGenerationConfig/numberOfImages").asInt()).isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(response.data()).hasSize(3);
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.036"));
    assertAllSigned(1);
  }

  @Test
  void nova2OmniDrawsNImagesWithParallelSignedMessagesCalls() throws Exception {
    server.enqueue(success(Family.NOVA_MESSAGES, 1));
    server.enqueue(success(Family.NOVA_MESSAGES, 1));

    ImageResponse response = gate().generate(request("bedrock/us.amazon.nova-2-omni-v1:0").n(2)
        .extra("inferenceConfig", Map.of("temperature", 0.5)).build());

    for (int i = 0; i < 2; i++) {
      RecordedRequest recorded = server.takeRequest();
      assertThat(recorded.getTarget()).isEqualTo("/model/us.amazon.nova-2-omni-v1%3A0/invoke");
      JsonNode body = body(recorded);
      assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
      assertThat(body.at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.5);
      assertThat(body.has("taskType")).isFalse();
    }
    assertThat(response.data()).hasSize(2);
    assertThat(response.usage().outputTokens()).isEqualTo(2600);
    assertAllSigned(2);
  }

  @Test
  void nova2OmniRefusesSizesAndQualitiesItHasNoFieldForBeforeSending() {
    for (ImageRequest.Builder bad : java.util.List.of(request("bedrock/amazon.nova-2-omni-v1:0").size("1024x1024"),
        request("bedrock/amazon.nova-2-omni-v1:0").quality("hd"))) {
      dev.imagegate.error.BadRequest e = catchThrowableOfType(dev.imagegate.error.BadRequest.class,
          () -> gate().generate(bad.build()));
      assertThat(e.param()).isIn("size", "quality");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nova2OmniContentFilteredIsAContentPolicyViolation() {
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[]}},\"stopReason\":"
            + "\"content_filtered\",\"usage\":{\"inputTokens\":9,\"outputTokens\":0,\"totalTokens\":9}}").build());

    dev.imagegate.error.ContentPolicyViolation e = catchThrowableOfType(
        dev.imagegate.error.ContentPolicyViolation.class,
        () -> gate().generate(request("bedrock/amazon.nova-2-omni-v1:0").build()));

    assertThat(e.getMessage()).contains("content_filtered");
  }

  @Test
  void theMockRejectsAWrongSecretAndThatIsAnAuthenticationError() {
    Map<String, String> env = env();
    env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");

    Authentication e = catchThrowableOfType(Authentication.class,
        () -> gate(env).generate(request("bedrock/amazon.nova-canvas-v1:0").build()));

    assertThat(e).isNotNull();
    assertThat(e.upstreamStatus()).contains(403);
    assertThat(e.getMessage()).contains("InvalidSignatureException").contains("signature we calculated")
        .doesNotContain("not-the-secret");
    assertThat(bedrock.failures()).singleElement().asString().startsWith("signature mismatch");
    assertThat(bedrock.verified()).isZero();
  }
}
