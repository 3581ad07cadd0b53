package dev.imagegate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The per-image output-token estimates of token-billed models, as budgets read them before a call. */
class ImageTokensTest {
  private static final Catalog CATALOG = Catalog.bundled();

  private static ImageTokens tokens(String provider, String model) {
    return CATALOG.find(provider, model).orElseThrow().entry().outputTokens();
  }

  @Test
  void gptImage2StandardSizesMatchOpenAisCalculator() {
    ImageTokens gptImage2 = tokens("openai", "gpt-image-2");

    assertThat(gptImage2.perImage("high", "1024x1024")).hasValue(7024);
    assertThat(gptImage2.perImage("high", "1536x1024")).hasValue(5488);
    assertThat(gptImage2.perImage("medium", "1024x1024")).hasValue(1756);
    assertThat(gptImage2.perImage("low", "1024x1536")).hasValue(158);
  }

  @Test
  void gptImage2AnyAllowedSizeIsEstimatedByTheRuleAndAgreesWithTheTable() {
    ImageTokens gptImage2 = tokens("openai", "gpt-image-2");
    ImageTokens ruleOnly = new ImageTokens(Map.of(), gptImage2.rule(), null, null);

    for (String quality : new String[] {"low", "medium", "high"}) {
      for (String size : new String[] {"1024x1024", "1536x1024", "1024x1536"}) {
        assertThat(ruleOnly.perImage(quality, size)).as(quality + " " + size)
            .isEqualTo(gptImage2.perImage(quality, size));
      }
    }
    assertThat(gptImage2.perImage("high", "3840x2160")).hasValue(13342);
    assertThat(gptImage2.perImage("high", "2880x2880")).hasValue(23719);
    assertThat(gptImage2.perImage("low", "2048x1152")).hasValue(157);
  }

  @Test
  void autoIsEstimatedAsTheCostliestStandardCase() {
    ImageTokens gptImage2 = tokens("openai", "gpt-image-2");

    assertThat(gptImage2.perImage("auto", "auto")).hasValue(7024);
    assertThat(gptImage2.perImage(null, null)).hasValue(7024);
    assertThat(gptImage2.perImage("low", null)).hasValue(196);
    assertThat(gptImage2.perImage("auto", "1536x1024")).hasValue(5488);
  }

  @Test
  void unknownQualitiesAndSizesHaveNoEstimate() {
    ImageTokens gptImage2 = tokens("openai", "gpt-image-2");

    assertThat(gptImage2.perImage("xhigh", "1024x1024")).isEqualTo(OptionalLong.empty());
    assertThat(gptImage2.perImage("high", "16:9")).isEqualTo(OptionalLong.empty());
    assertThat(gptImage2.perImage("high", "not-a-size")).isEqualTo(OptionalLong.empty());
  }

  @Test
  void geminiFlashImageIsEstimatedByTheResolutionItsQualityPicks() {
    for (String provider : new String[] {"gemini", "vertex_ai"}) {
      ImageTokens flash = tokens(provider, "gemini-3.1-flash-image");
      assertThat(flash.perImage("low", "1024x1024")).as(provider).hasValue(747);
      assertThat(flash.perImage("auto", "16:9")).as(provider).hasValue(1120);
      assertThat(flash.perImage("high", null)).as(provider).hasValue(1680);
      assertThat(flash.perImage("hd", "1:8")).as(provider).hasValue(2520);
    }
  }

  @Test
  void estimatedImageCostIsTheTokensAtTheImageOutputPrice() {
    ModelEntry gptImage2 = CATALOG.find("openai", "gpt-image-2-2026-04-21").orElseThrow().entry();
    ModelEntry flash = CATALOG.find("gemini", "gemini-3.1-flash-image").orElseThrow().entry();

    assertThat(gptImage2.estimatedImageCost("high", "1024x1024")).hasValueSatisfying(
        cost -> assertThat(cost).isEqualByComparingTo("0.21072"));
    assertThat(gptImage2.estimatedImageCost("low", "1024x1024")).hasValueSatisfying(
        cost -> assertThat(cost).isEqualByComparingTo("0.00588"));
    assertThat(flash.estimatedImageCost("standard", "1024x1024")).hasValueSatisfying(
        cost -> assertThat(cost).isEqualByComparingTo(new BigDecimal("0.0672")));
  }

  @Test
  void modelsWithoutAnEstimateOrAPriceHaveNone() {
    assertThat(CATALOG.find("openai", "gpt-image-2.5-flare").orElseThrow().entry().outputTokens()).isNull();
    assertThat(CATALOG.find("openai", "gpt-image-2.5-flare").orElseThrow().entry()
        .estimatedImageCost("high", "1024x1024")).isEmpty();
    assertThat(CATALOG.find("openai", "dall-e-3").orElseThrow().entry()
        .estimatedImageCost("hd", "1024x1024")).isEmpty();
  }

  @Test
  void azureGptImage2InheritsTheEstimate() {
    assertThat(tokens("azure", "gpt-image-2").perImage("high", "1024x1024")).hasValue(7024);
  }

  @Test
  void anOperatorCatalogueChangesOneEstimateAndKeepsTheRest() {
    JsonNode file = Json.MAPPER.valueToTree(Map.of("models", Map.of("openai/gpt-image-2", Map.of(
        "output_tokens", Map.of("per_image", Map.of("high|1024x1024", 8000, "xhigh|*", 30000))))));

    ImageTokens merged = CATALOG.merged("ops.json", file).find("openai", "gpt-image-2").orElseThrow().entry()
        .outputTokens();

    assertThat(merged.perImage("high", "1024x1024")).hasValue(8000);
    assertThat(merged.perImage("xhigh", "2048x1152")).hasValue(30000);
    assertThat(merged.perImage("low", "1024x1024")).hasValue(196);
  }

  @Test
  void malformedEstimatesAndPromptLimitsAreReportedWithTheirPaths() {
    JsonNode file = Json.MAPPER.valueToTree(Map.of("models", Map.of("openai/x", Map.of(
        "max_prompt_chars", -5,
        "output_tokens", Map.of("per_image", Map.of("high", 10, "low|*", "many"), "rule",
            Map.of("quality_factors", Map.of("low", 1.5), "area_offset", 1, "area_divisor", 2, "extra", 3),
            "auto_size", 1024)))));

    assertThat(CatalogSchema.check(file)).extracting(CatalogSchema.Issue::path).containsExactlyInAnyOrder(
        "models.openai/x.max_prompt_chars", "models.openai/x.output_tokens.per_image.high",
        "models.openai/x.output_tokens.per_image.low|*", "models.openai/x.output_tokens.rule.extra",
        "models.openai/x.output_tokens.rule.quality_factors.low", "models.openai/x.output_tokens.auto_size");
  }
}
