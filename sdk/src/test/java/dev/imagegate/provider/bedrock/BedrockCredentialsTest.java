package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.Authentication;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.bedrock.BedrockCredentials.AssumeRole;
import dev.imagegate.provider.bedrock.BedrockCredentials.DefaultChain;
import dev.imagegate.provider.bedrock.BedrockCredentials.Keys;
import dev.imagegate.provider.bedrock.BedrockCredentials.Profile;
import dev.imagegate.provider.bedrock.BedrockCredentials.Source;
import dev.imagegate.provider.bedrock.BedrockCredentials.WebIdentity;
import dev.imagegate.provider.bedrock.BedrockSettings.ProfileFiles;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Which credentials a call uses, and that providers are built once per distinct settings. */
class BedrockCredentialsTest {
  static final Map<String, String> ENV_KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY",
      "env-secret");

  static ProviderCall call(Map<String, Object> extras, Map<String, String> env) {
    ImageRequest request = ImageRequest.builder("x").model("bedrock/amazon.nova-canvas-v1:0").extras(extras).build();
    return new ProviderCall(new ModelRef("bedrock", "amazon.nova-canvas-v1:0"), request, Env.of(env), null,
        Clock.systemUTC());
  }

  static Source source(Map<String, Object> extras, Map<String, String> env) {
    return BedrockCredentials.source(call(extras, env), "us-east-1");
  }

  @Test
  void explicitKeysWinOverProfileAndEnv() {
    Source source = source(Map.of("aws_access_key_id", "AKIDX", "aws_secret_access_key", "x-secret",
        "aws_session_token", "sess-9f3", "aws_profile_name", "team"), ENV_KEYS);

    assertThat(source).isEqualTo(new Keys("AKIDX", "x-secret", "sess-9f3"));
    assertThat(source.toString()).contains("AKIDX").doesNotContain("x-secret").doesNotContain("sess-9f3");
  }

  @Test
  void thenTheProfileThenWebIdentityThenEnvKeysThenTheDefaultChain() {
    ProfileFiles files = new ProfileFiles(null, null);
    assertThat(source(Map.of("aws_profile_name", "team"), ENV_KEYS)).isEqualTo(new Profile("team", files));
    assertThat(source(Map.of("aws_web_identity_token", "jwt", "aws_role_name", "arn:aws:iam::1:role/r",
        "aws_session_name", "s1"), ENV_KEYS))
        .isEqualTo(new WebIdentity("arn:aws:iam::1:role/r", "s1", "jwt", "us-east-1", null));
    assertThat(source(Map.of(), ENV_KEYS)).isEqualTo(new Keys("AKIDENV", "env-secret", null));
    assertThat(source(Map.of(), Map.of("AWS_PROFILE", "dev"))).isEqualTo(new DefaultChain("dev", files));
    assertThat(source(Map.of(), Map.of())).isEqualTo(new DefaultChain(null, files));
  }

  @Test
  void aRoleIsAssumedWithWhateverCredentialsWereFound() {
    Source source = source(Map.of("aws_role_name", "arn:aws:iam::1:role/r", "aws_external_id", "ext",
        "aws_sts_endpoint", "http://sts.local"), ENV_KEYS);

    assertThat(source).isEqualTo(new AssumeRole(new Keys("AKIDENV", "env-secret", null), "arn:aws:iam::1:role/r",
        BedrockCredentials.DEFAULT_SESSION_NAME, "ext", "us-east-1", "http://sts.local"));
    assertThat(source.toString()).doesNotContain("env-secret");
  }

  @Test
  void incompleteSettingsAreAuthenticationErrorsNamingWhatIsMissing() {
    Authentication half = catchThrowableOfType(Authentication.class,
        () -> source(Map.of("aws_access_key_id", "AKIDX"), Map.of()));
    Authentication webIdentity = catchThrowableOfType(Authentication.class,
        () -> source(Map.of("aws_web_identity_token", "jwt"), Map.of()));
    Authentication envHalf = catchThrowableOfType(Authentication.class,
        () -> source(Map.of(), Map.of("AWS_SECRET_ACCESS_KEY", "s")));

    assertThat(half.getMessage()).contains("aws_access_key_id and aws_secret_access_key");
    assertThat(webIdentity.getMessage()).contains("aws_role_name");
    assertThat(envHalf.getMessage()).contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void explicitSigV4SettingsBeatTheAmbientBearerToken() {
    assertThat(BedrockCredentials.explicit(call(Map.of("aws_profile_name", "p"), Map.of()))).isTrue();
    assertThat(BedrockCredentials.explicit(call(Map.of("aws_role_name", "r"), Map.of()))).isTrue();
    assertThat(BedrockCredentials.explicit(call(Map.of("aws_region_name", "us-east-1"), ENV_KEYS))).isFalse();
  }

  @Test
  void providersAreCachedPerDistinctSource() {
    BedrockCredentials credentials = new BedrockCredentials();
    ProfileFiles files = new ProfileFiles(null, null);

    AwsCredentialsProvider team = credentials.provider(new Profile("team", files));

    assertThat(credentials.provider(new Profile("team", files))).isSameAs(team);
    assertThat(credentials.provider(new Profile("other", files))).isNotSameAs(team);
    assertThat(credentials.provider(new Keys("A", "s", null))).isSameAs(credentials.provider(new Keys("A", "s",
        null)));
    assertThat(credentials.provider(new Keys("A", "s", "t"))).isNotSameAs(credentials.provider(new Keys("A", "s",
        null)));
    assertThat(credentials.cached()).isEqualTo(4);
  }

  @Test
  void theCacheIsBounded() {
    BedrockCredentials credentials = new BedrockCredentials();
    for (int i = 0; i < BedrockCredentials.MAX_CACHED + 10; i++) {
      credentials.provider(new Profile("p" + i, new ProfileFiles(null, null)));
    }

    assertThat(credentials.cached()).isEqualTo(BedrockCredentials.MAX_CACHED);
  }

  @Test
  void concurrentCallsWithTheSameSettingsShareOneProvider() throws Exception {
    BedrockCredentials credentials = new BedrockCredentials();
    Source source = new AssumeRole(new Profile("team", new ProfileFiles(null, null)), "arn:aws:iam::1:role/r", "s",
        null, "us-east-1", "http://127.0.0.1:9");
    Set<AwsCredentialsProvider> seen = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        futures.add(pool.submit(() -> seen.add(credentials.provider(source))));
      }
      for (java.util.concurrent.Future<?> future : futures) {
        future.get();
      }
    }

    assertThat(seen).hasSize(1);
    assertThat(credentials.cached()).as("the role and its source profile").isEqualTo(2);
  }
}
