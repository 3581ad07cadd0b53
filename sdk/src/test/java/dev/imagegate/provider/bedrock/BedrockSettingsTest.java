package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a call goes: its region, its endpoint, and which extras are settings. */
class BedrockSettingsTest {
  @TempDir
  Path dir;

  static ProviderCall call(ImageRequest.Builder request, Map<String, String> env) {
    return new ProviderCall(new ModelRef("bedrock", "amazon.nova-canvas-v1:0"),
        request.model("bedrock/amazon.nova-canvas-v1:0").build(), Env.of(env), null, Clock.systemUTC());
  }

  @Test
  void regionComesFromTheSettingThenTheArnThenTheEnvThenTheProfile() throws Exception {
    Path config = Files.writeString(dir.resolve("config"), "[default]\nregion = sa-east-1\n"
        + "[profile team]\nregion = ca-central-1\n");
    Map<String, String> env = Map.of("AWS_REGION", "eu-west-3", "AWS_CONFIG_FILE", config.toString());
    Map<String, String> profileOnly = Map.of("AWS_CONFIG_FILE", config.toString());

    assertThat(BedrockSettings.region(call(ImageRequest.builder("x").extra("aws_region_name", "us-west-2"), env),
        Optional.of("ap-northeast-1"))).isEqualTo("us-west-2");
    assertThat(BedrockSettings.region(call(ImageRequest.builder("x"), env), Optional.of("ap-northeast-1")))
        .isEqualTo("ap-northeast-1");
    assertThat(BedrockSettings.region(call(ImageRequest.builder("x"), env), Optional.empty()))
        .isEqualTo("eu-west-3");
    assertThat(BedrockSettings.region(call(ImageRequest.builder("x"), Map.of("AWS_REGION_NAME", "us-east-2",
        "AWS_DEFAULT_REGION", "us-west-1")), Optional.empty())).isEqualTo("us-east-2");
    assertThat(BedrockSettings.region(call(ImageRequest.builder("x"), profileOnly), Optional.empty()))
        .isEqualTo("sa-east-1");
    assertThat(BedrockSettings.region(call(ImageRequest.builder("x").extra("aws_profile_name", "team"),
        profileOnly), Optional.empty())).isEqualTo("ca-central-1");
  }

  @Test
  void theEndpointIsApiBaseThenTheSettingThenTheEnvThenTheRegionsPartitionDefault() {
    Map<String, String> env = Map.of("AWS_BEDROCK_RUNTIME_ENDPOINT", "https://env.example/");

    assertThat(BedrockSettings.endpoint(call(ImageRequest.builder("x").apiBase("https://base.example/")
        .extra("aws_bedrock_runtime_endpoint", "https://setting.example"), env), "us-east-1"))
        .isEqualTo("https://base.example");
    assertThat(BedrockSettings.endpoint(call(ImageRequest.builder("x")
        .extra("aws_bedrock_runtime_endpoint", "https://setting.example"), env), "us-east-1"))
        .isEqualTo("https://setting.example");
    assertThat(BedrockSettings.endpoint(call(ImageRequest.builder("x"), env), "us-east-1"))
        .isEqualTo("https://env.example");
    assertThat(BedrockSettings.endpoint(call(ImageRequest.builder("x"), Map.of()), "eu-central-1"))
        .isEqualTo("https://bedrock-runtime.eu-central-1.amazonaws.com");
    assertThat(BedrockSettings.endpoint(call(ImageRequest.builder("x"), Map.of()), "cn-north-1"))
        .isEqualTo("https://bedrock-runtime.cn-north-1.amazonaws.com.cn");
  }

  @Test
  void everyAwsExtraBaseModelAndGuardrailExtraIsASetting() {
    ImageRequest request = ImageRequest.builder("x").extra("aws_anything_new", 1).extra("seed", 3).build();

    assertThat(BedrockSettings.of(request)).contains("aws_anything_new", "aws_access_key_id", "aws_role_name",
        "aws_bedrock_runtime_endpoint", "base_model", "guardrailIdentifier", "guardrailVersion", "trace")
        .doesNotContain("seed");
  }
}
