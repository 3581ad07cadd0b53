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
        "gpt-image-2", "gemini/gemini-3.1-flash-image", "gemini/gemini-3-pro-image",
        "vertex_ai/gemini-3.1-flash-image", "bedrock/stability.stable-image-core-v1:1",
        "openrouter/google/gemini-3.1-flash-image", "recraft/recraftv4_1", "nscale/black-forest-labs/FLUX.1-schnell");
    assertThat(config.deployments().get(1).apiKey()).isEqualTo("sk-o");
    assertThat(config.deployments().get(1).model()).isEqualTo("openai/gpt-image-2");
  }

  @Test
  void everyQuickstartModelIsCurrentInTheCatalogue() {
    Config config = load(Map.of("OPENAI_API_KEY", "sk-o", "GEMINI_API_KEY", "g", "OPENROUTER_API_KEY", "or",
        "RECRAFT_API_KEY", "r", "NSCALE_SERVICE_TOKEN", "n", "AWS_ACCESS_KEY_ID", "a", "AWS_REGION", "us-east-1",
        "VERTEXAI_PROJECT", "p"));
    dev.imagegate.router.Router router = dev.imagegate.router.Router.builder(config.deployments())
        .env(config.env()).build();

    assertThat(config.deployments()).hasSize(9).allSatisfy(deployment -> assertThat(router.describe(deployment)
        .map(found -> found.entry().lifecycle().state(java.time.LocalDate.of(2026, 12, 7))))
        .as(deployment.model()).hasValueSatisfying(state -> assertThat(state)
            .isEqualTo(dev.imagegate.catalog.Lifecycle.State.ACTIVE)));
  }

  @Test
  void bedrockNeedsARegionToo() {
    assertThat(load(Map.of("AWS_ACCESS_KEY_ID", "a")).deployments()).hasSize(1);
  }
}
