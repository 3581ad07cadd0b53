package dev.imagegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegate models} prints the catalogue; {@code imagegate check} says which deployments are retiring. */
class ModelsCliTest {
  private final CliRun cli = new CliRun();
  @TempDir
  Path dir;

  @Test
  void theTableShowsSizesPricesAndLifecycleOfOneProvidersModels() {
    assertThat(cli.run(Map.of(), "models", "--provider", "openai")).isZero();

    assertThat(cli.stdout()).contains("openai/gpt-image-2").contains("WxH x16 max 3840 ratio<=3")
        .contains("per 1M tokens: text in $5, image in $8, image out $30, text out $10")
        .contains("~$0.21072/image before the call (auto)")
        .containsPattern("openai/dall-e-3 .*SHUT DOWN: shut down on 2026-05-12; use gpt-image-2 instead")
        .containsPattern("openai/gpt-image-1 .*deprecated: shut down on 2026-10-23 \\(unconfirmed\\)")
        .doesNotContain("gemini/");
  }

  @Test
  void jsonCarriesEveryFieldAndTheOperatorsEntries() throws Exception {
    Path file = dir.resolve("models.yaml");
    Files.writeString(file, """
        models:
          recraft/house-style:
            inherits: recraft/recraftv4_1
            prices: {per_image: {"*|*": "0.02"}}
        """);

    assertThat(cli.run(Map.of(), "models", "--provider", "recraft", "--json", "--catalog", file.toString()))
        .isZero();

    JsonNode models = Json.MAPPER.readTree(cli.stdout());
    JsonNode house = null;
    for (JsonNode model : models) {
      if (model.path("model").asText().equals("recraft/house-style")) {
        house = model;
      }
    }
    assertThat(house).isNotNull();
    assertThat(house.at("/prices/per_image/*|*").decimalValue()).isEqualByComparingTo("0.02");
    assertThat(house.at("/n/max").asInt()).isEqualTo(6);
    assertThat(house.path("sizes").toString()).contains("1536x768");
    assertThat(house.path("max_prompt_chars").asInt()).isEqualTo(10_000);
  }

  @Test
  void jsonCarriesPromptLimitsRefusalsAndPerImageTokenEstimates() throws Exception {
    assertThat(cli.run(Map.of(), "models", "--provider", "openai", "--json")).isZero();

    JsonNode gptImage2 = null;
    JsonNode mini = null;
    for (JsonNode model : Json.MAPPER.readTree(cli.stdout())) {
      switch (model.path("model").asText()) {
        case "openai/gpt-image-2" -> gptImage2 = model;
        case "openai/gpt-image-1-mini" -> mini = model;
        default -> { }
      }
    }
    assertThat(gptImage2.at("/prices/image_tokens/per_image/high|1024x1024").asLong()).isEqualTo(7024);
    assertThat(gptImage2.at("/prices/image_tokens/rule/quality_factors/high").asInt()).isEqualTo(96);
    assertThat(gptImage2.has("output_tokens")).isFalse();
    assertThat(gptImage2.path("max_prompt_chars").asInt()).isEqualTo(32_000);
    assertThat(mini.at("/refused_values/input_fidelity/0").asText()).isEqualTo("*");
    assertThat(mini.path("extras").toString()).doesNotContain("input_fidelity");
  }

  @Test
  void aBrokenCatalogueIsExitTwoWithFileAndLine() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, """
        models:
          openai/gpt-image-2:
            prices: {per_image: {"*|*": "cheap"}}
        """);

    assertThat(cli.run(Map.of("IMAGEGATE_MODEL_CATALOG", file.toString()), "models")).isEqualTo(2);

    assertThat(cli.stderr()).contains("broken.yaml:3").contains("price in USD");
  }

  @Test
  void checkSaysWhichDeploymentsAreShutDownOrDeprecated() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        model_list:
          - model_name: old
            litellm_params: {model: openai/dall-e-3, api_key: sk-test}
          - model_name: retiring
            litellm_params: {model: openai/gpt-image-1, api_key: sk-test}
          - model_name: kept
            litellm_params: {model: openai/dall-e-3, api_key: sk-test, shutdown_date: "2099-01-01"}
          - model_name: current
            litellm_params: {model: openai/gpt-image-2, api_key: sk-test}
        """);

    assertThat(cli.run(Map.of(), "check", "--config", config.toString())).isZero();

    assertThat(cli.stdout()).contains("SHUT DOWN: shut down on 2026-05-12; use gpt-image-2 instead")
        .contains("deprecated: shut down on 2026-10-23 (unconfirmed); use gpt-image-2 instead")
        .contains("deprecated: shuts down on 2099-01-01");
    assertThat(cli.stdout().lines().filter(line -> line.contains("SHUT DOWN"))).hasSize(1);
  }
}
