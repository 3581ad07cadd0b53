package dev.imagegate.provider.bedrock;

import static dev.imagegate.provider.bedrock.BedrockSettings.ACCESS_KEY_ID;
import static dev.imagegate.provider.bedrock.BedrockSettings.EXTERNAL_ID;
import static dev.imagegate.provider.bedrock.BedrockSettings.PROFILE;
import static dev.imagegate.provider.bedrock.BedrockSettings.ROLE;
import static dev.imagegate.provider.bedrock.BedrockSettings.SECRET_ACCESS_KEY;
import static dev.imagegate.provider.bedrock.BedrockSettings.SESSION_NAME;
import static dev.imagegate.provider.bedrock.BedrockSettings.SESSION_TOKEN;
import static dev.imagegate.provider.bedrock.BedrockSettings.STS_ENDPOINT;
import static dev.imagegate.provider.bedrock.BedrockSettings.WEB_IDENTITY_TOKEN;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.bedrock.BedrockSettings.ProfileFiles;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Where a call's SigV4 credentials come from, in LiteLLM's order: {@code aws_access_key_id} /
 * {@code aws_secret_access_key} (+ {@code aws_session_token}), else {@code aws_profile_name}, else
 * {@code aws_web_identity_token} with {@code aws_role_name}, else the env's {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}), else the AWS SDK's default chain (env, system
 * properties, web identity, profiles including SSO, container and instance roles) for {@code AWS_PROFILE}. With
 * {@code aws_role_name} the credentials found so assume that role through STS.
 *
 * <p>Credentials providers (which cache and refresh what they fetch) are built once per distinct source and kept,
 * least recently used first out beyond {@link #MAX_CACHED}. Thread-safe.
 */
final class BedrockCredentials {
  static final int MAX_CACHED = 64;
  static final String DEFAULT_SESSION_NAME = "imagegate";

  private final Map<Source, AwsCredentialsProvider> providers = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Source, AwsCredentialsProvider> eldest) {
          return size() > MAX_CACHED;
        }
      });

  /** One way to get credentials; equal sources share one provider. {@code toString()} never shows secrets. */
  sealed interface Source {
  }

  record Keys(String accessKeyId, String secretAccessKey, String sessionToken) implements Source {
    @Override
    public String toString() {
      return "access key " + accessKeyId + (sessionToken == null ? "" : " with a session token");
    }
  }

  record Profile(String name, ProfileFiles files) implements Source {
    @Override
    public String toString() {
      return "AWS profile '" + name + "'";
    }
  }

  record DefaultChain(String profileName, ProfileFiles files) implements Source {
    @Override
    public String toString() {
      return "the AWS default credential chain" + (profileName == null ? "" : " (profile '" + profileName + "')");
    }
  }

  record AssumeRole(Source base, String roleArn, String sessionName, String externalId, String region,
                    String stsEndpoint) implements Source {
    @Override
    public String toString() {
      return "role " + roleArn + " assumed through STS with " + base;
    }
  }

  record WebIdentity(String roleArn, String sessionName, String token, String region, String stsEndpoint)
      implements Source {
    @Override
    public String toString() {
      return "role " + roleArn + " assumed through STS with a web identity token";
    }
  }

  /** Whether the call names SigV4 credentials itself: these win over {@code AWS_BEARER_TOKEN_BEDROCK}. */
  static boolean explicit(ProviderCall call) {
    return Stream.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, PROFILE, ROLE, WEB_IDENTITY_TOKEN)
        .anyMatch(key -> call.setting(key).isPresent());
  }

  /** The source the call's settings and env name; STS calls go to {@code region}. */
  static Source source(ProviderCall call, String region) {
    String sts = call.setting(STS_ENDPOINT).orElse(null);
    Optional<String> role = call.setting(ROLE);
    Optional<String> webToken = call.setting(WEB_IDENTITY_TOKEN);
    Optional<Keys> explicit = keys(call, call.setting(ACCESS_KEY_ID), call.setting(SECRET_ACCESS_KEY),
        call.setting(SESSION_TOKEN), ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
    if (explicit.isEmpty() && call.setting(PROFILE).isEmpty() && webToken.isPresent()) {
      String arn = role.orElseThrow(() -> new Authentication(WEB_IDENTITY_TOKEN + " is set but " + ROLE
          + " (the role ARN to assume) is not", call.details()));
      return new WebIdentity(arn, sessionName(call), webToken.get(), region, sts);
    }
    Source base = explicit.<Source>map(keys -> keys).orElseGet(() -> ambient(call));
    return role.<Source>map(arn -> new AssumeRole(base, arn, sessionName(call),
        call.setting(EXTERNAL_ID).orElse(null), region, sts)).orElse(base);
  }

  private static Source ambient(ProviderCall call) {
    ProfileFiles files = ProfileFiles.of(call.env());
    Optional<String> profile = call.setting(PROFILE);
    if (profile.isPresent()) {
      return new Profile(profile.get(), files);
    }
    Optional<Keys> env = keys(call, call.env().find("AWS_ACCESS_KEY_ID"), call.env().find("AWS_SECRET_ACCESS_KEY"),
        call.env().find("AWS_SESSION_TOKEN"), "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    return env.<Source>map(keys -> keys)
        .orElseGet(() -> new DefaultChain(call.env().find("AWS_PROFILE").orElse(null), files));
  }

  private static Optional<Keys> keys(ProviderCall call, Optional<String> id, Optional<String> secret,
                                     Optional<String> token, String names) {
    if (id.isEmpty() && secret.isEmpty()) {
      return Optional.empty();
    }
    if (id.isEmpty() || secret.isEmpty()) {
      throw new Authentication("Incomplete AWS credentials for " + call.ref().qualified() + ": set both " + names,
          call.details());
    }
    return Optional.of(new Keys(id.get(), secret.get(), token.orElse(null)));
  }

  private static String sessionName(ProviderCall call) {
    return call.setting(SESSION_NAME).orElse(DEFAULT_SESSION_NAME);
  }

  /**
   * The credentials for {@code call} from {@code source}. Failing to get them is {@link Authentication}, or
   * {@link UpstreamUnavailable} when STS or the credentials endpoint could not be reached or failed on its side.
   */
  AwsCredentialsIdentity resolve(ProviderCall call, Source source) {
    try {
      return provider(source).resolveCredentials();
    } catch (SdkException e) {
      throw failure(call, source, e);
    }
  }

  /** The provider for {@code source}, built once per distinct source and cached. */
  AwsCredentialsProvider provider(Source source) {
    AwsCredentialsProvider cached = providers.get(source);
    if (cached != null) {
      return cached;
    }
    AwsCredentialsProvider base = source instanceof AssumeRole role ? provider(role.base()) : null;
    return providers.computeIfAbsent(source, key -> build(key, base));
  }

  private static AwsCredentialsProvider build(Source source, AwsCredentialsProvider base) {
    return switch (source) {
      case Keys keys -> StaticCredentialsProvider.create(credentials(keys));
      case Profile profile -> ProfileCredentialsProvider.builder().profileFile(profile.files().supplier())
          .profileName(profile.name()).build();
      case DefaultChain chain -> {
        DefaultCredentialsProvider.Builder builder = DefaultCredentialsProvider.builder()
            .profileFile(chain.files().supplier());
        yield chain.profileName() == null ? builder.build() : builder.profileName(chain.profileName()).build();
      }
      case AssumeRole role -> BedrockSts.assumeRole(role, base);
      case WebIdentity identity -> BedrockSts.webIdentity(identity);
    };
  }

  /** How many providers are cached (for tests and metrics). */
  int cached() {
    return providers.size();
  }

  static AwsCredentials credentials(Keys keys) {
    return keys.sessionToken() == null
        ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
        : AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
  }

  private static ImageGateException failure(ProviderCall call, Source source, SdkException e) {
    String message = "Could not get AWS credentials for " + call.ref().qualified() + " from " + source + ": "
        + e.getMessage();
    boolean unreachable = e.getCause() instanceof IOException
        || e instanceof AwsServiceException service && service.statusCode() >= 500;
    return unreachable
        ? new UpstreamUnavailable(message, 502, call.details(), e)
        : new Authentication(message, call.details(), e);
  }
}
