package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.router.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuickstartTest {
  private static Config load(Map<String, String> env) {
    return new ConfigLoader(Env.of(env), ProviderRegistry.standard()).parse(Quickstart.config(Env.of(env)),
        "quickstart");
  }

  @Test
  void aFreshMachineGetsTheMockModelOnly() {
    Config config = load(Map.of());
    assertThat(config.deployments()).extracting(Deployment::modelName).containsExactly("mock/imagegate-demo");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void eachProviderWithCredentialsAddsItsModelsWithKeysFromTheEnvironment() {
    Config config = load(Map.of("OPENAI_API_KEY", "sk-o", "GEMINI_API_KEY", "g", "OPENROUTER_API_KEY", "or",
        "RECRAFT_API_KEY", "r", "NSCALE_API_KEY", "n", "AWS_ACCESS_KEY_ID", "a", "AWS_REGION", "us-east-1",
        "VERTEXAI_PROJECT", "p"));

    assertThat(config.deployments()).extracting(Deployment::modelName).containsExactly("mock/imagegate-demo",
        "dall-e-3", "gpt-image-1", "gemini/imagen-4.0-generate-001", "gemini/gemini-2.5-flash-image",
        "vertex_ai/imagen-4.0-generate-001", "bedrock/amazon.nova-canvas-v1:0",
        "openrouter/google/gemini-2.5-flash-image", "recraft/recraftv3", "nscale/black-forest-labs/FLUX.1-schnell");
    assertThat(config.deployments().get(1).apiKey()).isEqualTo("sk-o");
    assertThat(config.deployments().get(1).model()).isEqualTo("openai/dall-e-3");
  }

  @Test
  void bedrockNeedsARegionToo() {
    assertThat(load(Map.of("AWS_ACCESS_KEY_ID", "a")).deployments()).hasSize(1);
  }
}
