package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imagegate.ImageGate;
import dev.imagegate.error.Authentication;
import dev.imagegate.provider.bedrock.BedrockModels.Family;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Profiles, the default chain and STS roles end to end: the Bedrock mock checks the credentials each flow yields. */
class BedrockAuthFlowsTest extends BedrockServerTest {
  static final String ROLE = "arn:aws:iam::123456789012:role/image-maker";

  @TempDir
  Path dir;
  MockWebServer sts;
  final List<String> stsProblems = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startSts() throws Exception {
    sts = new MockWebServer();
    sts.start();
  }

  @AfterEach
  void stopSts() {
    sts.close();
  }

  private Map<String, String> profileEnv() throws Exception {
    Path credentials = Files.writeString(dir.resolve("credentials"), "[team]\naws_access_key_id = "
        + SigV4MockBedrock.ACCESS_KEY + "\naws_secret_access_key = " + SigV4MockBedrock.SECRET_KEY + "\n");
    Path config = Files.writeString(dir.resolve("config"), "[profile team]\nregion = us-east-1\n");
    Map<String, String> env = new HashMap<>();
    env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_BEDROCK_RUNTIME_ENDPOINT", endpoint());
    return env;
  }

  @Test
  void aNamedProfileGivesCredentialsAndRegion() throws Exception {
    server.enqueue(success(Family.NOVA_CANVAS, 1));

    gate(profileEnv()).generate(request("bedrock/amazon.nova-canvas-v1:0").extra("aws_profile_name", "team").build());

    assertAllSigned(1);
  }

  @Test
  void theDefaultChainReadsTheProfileTheEnvNames() throws Exception {
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
        && System.getProperty("aws.accessKeyId") == null, "the machine has its own AWS credentials");
    server.enqueue(success(Family.TITAN, 1));
    Map<String, String> env = profileEnv();
    env.put("AWS_PROFILE", "team");

    gate(env).generate(request("bedrock/amazon.titan-image-generator-v1").build());

    assertAllSigned(1);
  }

  @Test
  void aMissingProfileIsAnAuthenticationErrorAndNothingIsSent() throws Exception {
    Authentication e = catchThrowableOfType(Authentication.class, () -> gate(profileEnv())
        .generate(request("bedrock/amazon.nova-canvas-v1:0").extra("aws_profile_name", "nope")
            .extra("aws_region_name", "us-east-1").build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("AWS profile 'nope'");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRoleIsAssumedOnceThroughStsWithTheSourceKeysAndItsCredentialsSign() throws Exception {
    sts.setDispatcher(stsAnswering("AssumeRole", true));
    bedrock.expect(AwsSessionCredentialsIdentity.create("ASIAROLE", "role-secret", "role-token"));
    server.enqueue(success(Family.NOVA_CANVAS, 1));
    server.enqueue(success(Family.NOVA_CANVAS, 1));
    ImageGate gate = gate(env());

    for (int i = 0; i < 2; i++) {
      gate.generate(request("bedrock/amazon.nova-canvas-v1:0").extra("aws_role_name", ROLE)
          .extra("aws_session_name", "imagegate-test").extra("aws_external_id", "ext-1")
          .extra("aws_sts_endpoint", sts.url("/").toString()).build());
    }

    assertThat(sts.getRequestCount()).isEqualTo(1);
    Map<String, String> form = form(sts.takeRequest());
    assertThat(form).containsEntry("Action", "AssumeRole").containsEntry("RoleArn", ROLE)
        .containsEntry("RoleSessionName", "imagegate-test").containsEntry("ExternalId", "ext-1");
    assertThat(stsProblems).isEmpty();
    assertAllSigned(2);
  }

  @Test
  void aWebIdentityTokenIsExchangedForRoleCredentials() throws Exception {
    sts.setDispatcher(stsAnswering("AssumeRoleWithWebIdentity", false));
    bedrock.expect(AwsSessionCredentialsIdentity.create("ASIAROLE", "role-secret", "role-token"));
    server.enqueue(success(Family.SDXL, 1));

    gate(Map.of("AWS_REGION", "us-east-1", "AWS_BEDROCK_RUNTIME_ENDPOINT", endpoint()))
        .generate(request("bedrock/stability.stable-diffusion-xl-v1").extra("aws_web_identity_token", "oidc-jwt")
            .extra("aws_role_name", ROLE).extra("aws_sts_endpoint", sts.url("/").toString()).build());

    RecordedRequest exchange = sts.takeRequest();
    assertThat(form(exchange)).containsEntry("Action", "AssumeRoleWithWebIdentity")
        .containsEntry("WebIdentityToken", "oidc-jwt").containsEntry("RoleArn", ROLE);
    assertThat(exchange.getHeaders().get("Authorization")).isNull();
    assertAllSigned(1);
  }

  @Test
  void aRefusedRoleIsAnAuthenticationErrorCarryingStssMessage() {
    sts.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "text/xml")
        .body("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            + "<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message>"
            + "</Error><RequestId>sts-req-1</RequestId></ErrorResponse>").build());

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate().generate(
        request("bedrock/amazon.nova-canvas-v1:0").extra("aws_role_name", ROLE)
            .extra("aws_sts_endpoint", sts.url("/").toString()).build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(ROLE).contains("not authorized to perform: sts:AssumeRole")
        .doesNotContain(SigV4MockBedrock.SECRET_KEY);
    assertThat(server.getRequestCount()).isZero();
  }

  /** STS answering {@code action} with role credentials; signed calls are checked against the test keys. */
  private Dispatcher stsAnswering(String action, boolean signed) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (signed) {
          String problem = SigV4Check.problem(request, AwsCredentialsIdentity.create(SigV4MockBedrock.ACCESS_KEY,
              SigV4MockBedrock.SECRET_KEY), "us-east-1", "sts");
          if (problem != null) {
            stsProblems.add(problem);
          }
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml")
            .body("<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action
                + "Result><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret"
                + "</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2099-01-01T00:00:00Z"
                + "</Expiration></Credentials><AssumedRoleUser><Arn>" + ROLE + "/s</Arn><AssumedRoleId>AROA:s"
                + "</AssumedRoleId></AssumedRoleUser></" + action + "Result><ResponseMetadata><RequestId>sts-1"
                + "</RequestId></ResponseMetadata></" + action + "Response>").build();
      }
    };
  }

  private static Map<String, String> form(RecordedRequest request) {
    Map<String, String> out = new HashMap<>();
    for (String pair : request.getBody().utf8().split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
