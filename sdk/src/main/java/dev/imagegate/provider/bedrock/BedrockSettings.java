package dev.imagegate.provider.bedrock;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderCall;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.profiles.ProfileFileSupplier;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The provider settings Bedrock reads from extras (LiteLLM's {@code aws_*} names; never forwarded into the body), and
 * where a call goes: its region and its {@code .../model/{modelId}/invoke} URI.
 */
final class BedrockSettings {
  static final String ACCESS_KEY_ID = "aws_access_key_id";
  static final String SECRET_ACCESS_KEY = "aws_secret_access_key";
  static final String SESSION_TOKEN = "aws_session_token";
  static final String REGION = "aws_region_name";
  static final String PROFILE = "aws_profile_name";
  static final String ROLE = "aws_role_name";
  static final String SESSION_NAME = "aws_session_name";
  static final String EXTERNAL_ID = "aws_external_id";
  static final String WEB_IDENTITY_TOKEN = "aws_web_identity_token";
  static final String STS_ENDPOINT = "aws_sts_endpoint";
  static final String RUNTIME_ENDPOINT = "aws_bedrock_runtime_endpoint";

  static final List<String> REGION_ENV = List.of("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION");
  static final String RUNTIME_ENDPOINT_ENV = "AWS_BEDROCK_RUNTIME_ENDPOINT";

  /** Extras Bedrock takes as request headers rather than body fields. */
  static final Map<String, String> HEADER_EXTRAS = Map.of(
      "guardrailIdentifier", "X-Amzn-Bedrock-GuardrailIdentifier",
      "guardrailVersion", "X-Amzn-Bedrock-GuardrailVersion",
      "trace", "X-Amzn-Bedrock-Trace");

  static final Set<String> KEYS = Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, REGION, PROFILE, ROLE,
      SESSION_NAME, EXTERNAL_ID, WEB_IDENTITY_TOKEN, STS_ENDPOINT, RUNTIME_ENDPOINT, BedrockModels.BASE_MODEL);

  private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private BedrockSettings() {
  }

  /** The keys of {@code request}'s extras that are settings: the known ones, any other {@code aws_*}, headers. */
  static Set<String> of(ImageRequest request) {
    Set<String> out = new LinkedHashSet<>(KEYS);
    out.addAll(HEADER_EXTRAS.keySet());
    request.extras().keySet().stream().filter(key -> key.startsWith("aws_")).forEach(out::add);
    return out;
  }

  /** The guardrail and trace headers the request's extras ask for. */
  static Map<String, String> headers(ProviderCall call) {
    Map<String, String> out = new LinkedHashMap<>();
    HEADER_EXTRAS.forEach((extra, header) -> call.setting(extra).ifPresent(value -> out.put(header, value)));
    return out;
  }

  /**
   * The region: {@code aws_region_name}, else the region of an ARN model id, else {@code AWS_REGION_NAME} /
   * {@code AWS_REGION} / {@code AWS_DEFAULT_REGION}, else the profile's {@code region}. None is a {@link BadRequest}.
   */
  static String region(ProviderCall call, Optional<String> arnRegion) {
    String region = call.setting(REGION)
        .or(() -> arnRegion)
        .or(() -> call.env().first(REGION_ENV.toArray(String[]::new)))
        .or(() -> profileRegion(call))
        .orElseThrow(() -> new BadRequest("No AWS region for " + call.ref().qualified() + ": set " + REGION
            + ", or " + String.join(" / ", REGION_ENV) + ", or a region in the AWS profile", REGION,
            call.details()));
    if (!REGION_NAME.matcher(region).matches()) {
      throw new BadRequest("Invalid " + REGION + " '" + region + "': expected a region such as us-east-1", REGION,
          call.details());
    }
    return region;
  }

  /**
   * The runtime endpoint: {@code api_base}, else {@code aws_bedrock_runtime_endpoint}, else
   * {@code AWS_BEDROCK_RUNTIME_ENDPOINT}, else {@code https://bedrock-runtime.{region}.{partition DNS suffix}}.
   */
  static String endpoint(ProviderCall call, String region) {
    String base = Optional.ofNullable(call.request().apiBase())
        .or(() -> call.setting(RUNTIME_ENDPOINT))
        .or(() -> call.env().find(RUNTIME_ENDPOINT_ENV))
        .orElseGet(() -> "https://bedrock-runtime." + region + "." + PartitionMetadata.of(Region.of(region))
            .dnsSuffix());
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** {@code {endpoint}/model/{modelId}/invoke} with the model id as one percent-encoded path segment. */
  static URI invokeUri(String endpoint, String modelId) {
    return URI.create(endpoint + "/model/" + encodeSegment(modelId) + "/invoke");
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters, so {@code :} and {@code /} are encoded. */
  static String encodeSegment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** The profile the call names: {@code aws_profile_name}, else {@code AWS_PROFILE}, else none (the default). */
  static Optional<String> profileName(ProviderCall call) {
    return call.setting(PROFILE).or(() -> call.env().find("AWS_PROFILE"));
  }

  private static Optional<String> profileRegion(ProviderCall call) {
    ProfileFile file = ProfileFiles.of(call.env()).supplier().get();
    return file.profile(profileName(call).orElse("default")).flatMap(p -> p.property(ProfileProperty.REGION));
  }

  /**
   * The AWS config and credentials files: those {@code AWS_CONFIG_FILE} / {@code AWS_SHARED_CREDENTIALS_FILE} name
   * in the call's env, else the SDK's defaults (both null). Reloaded when they change on disk.
   */
  record ProfileFiles(Path config, Path credentials) {
    static ProfileFiles of(Env env) {
      return new ProfileFiles(env.find("AWS_CONFIG_FILE").map(Path::of).orElse(null),
          env.find("AWS_SHARED_CREDENTIALS_FILE").map(Path::of).orElse(null));
    }

    ProfileFileSupplier supplier() {
      if (config == null && credentials == null) {
        return ProfileFileSupplier.defaultSupplier();
      }
      List<ProfileFileSupplier> files = new ArrayList<>();
      Path configPath = config != null ? config : ProfileFileLocation.configurationFilePath();
      Path credentialsPath = credentials != null ? credentials : ProfileFileLocation.credentialsFilePath();
      if (Files.isRegularFile(configPath)) {
        files.add(ProfileFileSupplier.reloadWhenModified(configPath, ProfileFile.Type.CONFIGURATION));
      }
      if (Files.isRegularFile(credentialsPath)) {
        files.add(ProfileFileSupplier.reloadWhenModified(credentialsPath, ProfileFile.Type.CREDENTIALS));
      }
      return files.isEmpty() ? ProfileFileSupplier.fixedProfileFile(ProfileFile.aggregator().build())
          : ProfileFileSupplier.aggregate(files.toArray(ProfileFileSupplier[]::new));
    }
  }
}
