package dev.imagegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.RetryPolicy;
import dev.imagegate.router.Strategy;
import dev.imagegate.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final Env ENV = Env.of(Map.of("OPENAI_API_KEY", "sk-process-key-123456", "ANTHROPIC_API_KEY",
      "ak-1", "MASTER_KEY", "sk-master", "RECRAFT_API_KEY", "rk-from-process"));
  private final ConfigLoader loader = new ConfigLoader(ENV, ProviderRegistry.standard());

  private Config litellm() {
    return loader.parse(Fixtures.text("config/litellm.yaml"), "litellm.yaml");
  }

  private List<String> errors(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "c.yaml")).errors().stream()
        .map(ConfigProblem::toString).toList();
  }

  @Test
  void readsDeploymentsWithTypedParamsSettingsAndPrices() {
    Deployment dalle = litellm().deployments().get(0);

    assertThat(dalle.id()).isEqualTo("dalle-primary");
    assertThat(dalle.modelName()).isEqualTo("images");
    assertThat(dalle.model()).isEqualTo("openai/dall-e-3");
    assertThat(dalle.apiKey()).isEqualTo("sk-process-key-123456");
    assertThat(dalle.rpm()).isEqualTo(60);
    assertThat(dalle.weight()).isEqualTo(2.0);
    assertThat(dalle.order()).isEqualTo(1);
    assertThat(dalle.timeout()).isEqualTo(Duration.ofMillis(45_500));
    assertThat(dalle.maxRetries()).isEqualTo(1);
    assertThat(dalle.tags()).containsExactly("eu", "default");
    assertThat(dalle.settings()).containsExactly(Map.entry("organization", "org-123"));
    assertThat(dalle.prices().outputCostPerImage()).isEqualTo(new BigDecimal("0.05"));
    assertThat(dalle.modelInfo().mode()).isEqualTo("image_generation");
    assertThat(dalle.modelInfo().fields()).containsEntry("description", "primary DALL-E 3");
  }

  @Test
  void paramsIsTheNeutralSpellingAndModelInfoPricesApply() {
    Deployment mock = litellm().deployments().get(1);

    assertThat(mock.model()).isEqualTo("mock/backup");
    assertThat(mock.apiBase()).isEqualTo("http://mock.local/v1");
    assertThat(mock.settings()).containsExactly(Map.entry("seed", 7));
    assertThat(mock.defaults().quality()).isEqualTo("hd");
    assertThat(mock.prices().inputCostPerPixel()).isEqualTo(new BigDecimal("0.00000001"));
    assertThat(mock.id()).matches("[0-9a-f]{16}");
    assertThat(loader.parse(Fixtures.text("config/litellm.yaml"), "again.yaml").deployments().get(1).id())
        .isEqualTo(mock.id());
  }

  @Test
  void environmentVariablesFromTheFileWinAndReachTheEnv() {
    Config config = litellm();

    assertThat(config.deployments().get(3).apiKey()).isEqualTo("rk-from-config");
    assertThat(config.environmentVariables()).containsEntry("MOCK_BASE", "http://mock.local/v1");
    assertThat(config.env().get("RECRAFT_API_KEY")).isEqualTo("rk-from-config");
    assertThat(config.env().get("OPENAI_API_KEY")).isEqualTo("sk-process-key-123456");
  }

  @Test
  void readsRouterSettingsWithLitellmSettingsFillingGaps() {
    var settings = litellm().routerSettings();

    assertThat(settings.routingStrategy()).isEqualTo(Strategy.LEAST_BUSY);
    assertThat(settings.numRetries()).isEqualTo(4);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.allowedFails()).isEqualTo(2);
    assertThat(settings.cooldownTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.retryPolicy().retries()).containsEntry(RetryPolicy.Kind.RATE_LIMIT, 3)
        .containsEntry(RetryPolicy.Kind.TIMEOUT, 2).hasSize(6);
    assertThat(settings.fallbacks().general()).containsExactly(Map.entry("images", List.of("backup-images")));
    assertThat(settings.fallbacks().contentPolicy()).containsKey("images");
    assertThat(settings.fallbacks().defaults()).containsExactly("backup-images");
    assertThat(settings.maxFallbacks()).isEqualTo(2);
    assertThat(settings.enableTagFiltering()).isTrue();
    assertThat(settings.dropParams()).isTrue();
    assertThat(settings.lowestLatencyBuffer()).isEqualTo(0.25);
  }

  @Test
  void litellmSettingsTimeoutAppliesWhenRouterSettingsHasNone() {
    Config config = loader.parse("""
        model_list: []
        litellm_settings: {request_timeout: 300, num_retries: 1}
        """, "c.yaml");

    assertThat(config.routerSettings().timeout()).isEqualTo(Duration.ofSeconds(300));
    assertThat(config.routerSettings().numRetries()).isEqualTo(1);
  }

  @Test
  void keepsEverySectionAsAResolvedTree() {
    Config config = litellm();

    assertThat(config.generalSettings().get("master_key").asText()).isEqualTo("sk-master");
    assertThat(config.section("guardrails").get(0).get("guardrail_name").asText()).isEqualTo("no-violence");
    assertThat(config.litellmSettings().get("success_callback").get(0).asText()).isEqualTo("langfuse");
    assertThat(config.line("general_settings.master_key")).contains(64);
  }

  @Test
  void unknownKeysAreWarningsWithLines() {
    List<String> warnings = litellm().warnings().stream().map(ConfigProblem::toString).toList();

    assertThat(warnings).contains(
        "litellm.yaml:31: model_list[2].litellm_params.stream_timeout: LiteLLM setting not used for image "
            + "generation (ignored)");
    assertThat(warnings).noneMatch(w -> w.contains("redis_host") || w.contains("success_callback")
        || w.contains("guardrails"));
  }

  @Test
  void reportsEveryErrorAtOnceWithFileLineAndKey() {
    List<String> errors = catchThrowableOfType(ConfigException.class,
        () -> loader.parse(Fixtures.text("config/broken.yaml"), "broken.yaml")).errors().stream()
        .map(ConfigProblem::toString).toList();

    assertThat(errors).containsExactlyInAnyOrder(
        "broken.yaml:5: model_list[0].litellm_params.api_key: environment variable MISSING_KEY is not set "
            + "(referenced by the entry model_list[0] (model_name 'images') at model_list[0].litellm_params.api_key "
            + "as os.environ/MISSING_KEY)",
        "broken.yaml:6: model_list[0].litellm_params.rpm: must be a whole number of at least 1, got 'lots'",
        "broken.yaml:14: model_list[2].litellm_params.model: Unknown provider prefix 'nowhere' in model "
            + "'nowhere/model'. " + errorsTail(errors, "nowhere"),
        "broken.yaml:17: model_list[3].model_name: model_name is required",
        "broken.yaml:20: router_settings.routing_strategy: unknown routing strategy 'fastest-first': expected one "
            + "of simple-shuffle, least-busy, latency-based-routing, usage-based-routing, usage-based-routing-v2, "
            + "cost-based-routing",
        "broken.yaml:22: router_settings.cooldown_time: must be a number of at least 0, got '-1'",
        "broken.yaml:21: router_settings.fallbacks[0].images[0]: fallback 'chat' does not generate images (its "
            + "deployments' mode is not image_generation or their provider is unknown): only image-capable groups "
            + "may be fallbacks",
        "broken.yaml:21: router_settings.fallbacks[0].images[1]: fallback 'ghost' is not a model group; known "
            + "groups: images, chat, nope");
  }

  private static String errorsTail(List<String> errors, String marker) {
    String line = errors.stream().filter(e -> e.contains(marker)).findFirst().orElse("");
    return line.substring(line.indexOf("Known providers"));
  }

  @Test
  void chatDeploymentsWithUnknownProvidersAreKeptButNeverServeImages() {
    Config config = litellm();

    assertThat(config.deployments()).extracting(Deployment::modelName).contains("gpt-4o");
    assertThat(config.warnings()).anyMatch(w -> w.key().equals("model_list[2].litellm_params.model")
        && w.message().contains("never used for images"));
  }

  @Test
  void yamlSyntaxErrorsHaveALine() {
    assertThat(errors("model_list:\n  - model_name: a\n    litellm_params: {model: [unclosed\n"))
        .containsExactly("c.yaml:4: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow "
            + "sequence started on line 3)");
  }

  @Test
  void anchorsAliasesAndMergeKeysAreResolved() {
    Config config = loader.parse("""
        x-base: &base
          model: mock/a
          rpm: 10
        model_list:
          - model_name: g
            litellm_params:
              <<: *base
              rpm: 20
          - model_name: g
            litellm_params: *base
        """, "c.yaml");

    assertThat(config.deployments()).extracting(Deployment::rpm).containsExactly(20, 10);
    assertThat(config.deployments()).extracting(Deployment::model).containsOnly("mock/a");
  }

  @Test
  void unsetVariablesInSectionsTheRouterDoesNotReadAreWarningsLeftUnresolved() {
    Config config = loader.parse("""
        model_list: [{model_name: a, litellm_params: {model: mock/a}}]
        general_settings: {alerting_webhook: os.environ/SLACK_WEBHOOK}
        """, "c.yaml");

    assertThat(config.generalSettings().get("alerting_webhook").asText()).isEqualTo("os.environ/SLACK_WEBHOOK");
    assertThat(config.warnings()).anyMatch(w -> w.toString().startsWith("c.yaml:2: general_settings.alerting_webhook: "
        + "environment variable SLACK_WEBHOOK is not set"));
  }

  @Test
  void duplicateExplicitIdsAreErrors() {
    assertThat(errors("""
        model_list:
          - {model_name: a, litellm_params: {model: mock/a}, model_info: {id: same}}
          - {model_name: b, litellm_params: {model: mock/b}, model_info: {id: same}}
        """)).containsExactly("c.yaml:3: model_list[1].model_info.id: deployment id 'same' is used twice");
  }

  @Test
  void entriesDifferingOnlyInSecretsGetDistinctGeneratedIds() {
    Config config = loader.parse("""
        model_list:
          - {model_name: a, litellm_params: {model: mock/a, api_key: k1}}
          - {model_name: a, litellm_params: {model: mock/a, api_key: k2}}
        """, "c.yaml");

    assertThat(config.deployments().get(1).id()).isEqualTo(config.deployments().get(0).id() + "-2");
  }

  @Test
  void badPortableDefaultsAreErrors() {
    assertThat(errors("""
        model_list:
          - {model_name: a, litellm_params: {model: mock/a, size: huge, n: 0}}
        """)).hasSize(2).anyMatch(e -> e.contains("litellm_params.size")).anyMatch(e -> e.contains("litellm_params.n"));
  }

  @Test
  void anEnvironmentVariableOfTheWrongTypeIsAnErrorNotAnEmptyValue() {
    assertThat(errors("""
        environment_variables:
          REGION: [eu, us]
        model_list:
          - {model_name: a, litellm_params: {model: mock/a}}
        """)).containsExactly("c.yaml:2: environment_variables.REGION: must be a string, got a list");
  }
}
