package dev.imagegate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.CatalogSchema;
import dev.imagegate.catalog.ModelEntry;
import dev.imagegate.provider.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The image output tokens of token-billed models ({@code prices.image_tokens}): the expected tokens of one image
 * (what {@code imagegate models} shows) and the most one image can be billed (what a budget reserves), from one rule.
 */
class ImageTokensTest {
  private static final Catalog CATALOG = Catalog.bundled();

  private static ImageTokens tokens(String provider, String model) {
    return CATALOG.find(provider, model).orElseThrow().entry().prices().imageTokens();
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
    ImageTokens ruleOnly = new ImageTokens(Map.of(), gptImage2.rule(), null, null, null);

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
    assertThat(CATALOG.find("openai", "gpt-image-2.5-flare").orElseThrow().entry().prices()).isNull();
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
    JsonNode file = Json.MAPPER.valueToTree(Map.of("models", Map.of("openai/gpt-image-2", Map.of("prices", Map.of(
        "image_tokens", Map.of("per_image", Map.of("high|1024x1024", 8000, "xhigh|*", 30000)))))));

    ImageTokens merged = CATALOG.merged("ops.json", file).find("openai", "gpt-image-2").orElseThrow().entry()
        .prices().imageTokens();

    assertThat(merged.perImage("high", "1024x1024")).hasValue(8000);
    assertThat(merged.perImage("xhigh", "2048x1152")).hasValue(30000);
    assertThat(merged.perImage("low", "1024x1024")).hasValue(196);
    assertThat(merged.mostPerImage("xhigh", "2048x1152", 2048L * 1152)).hasValue(30000);
    assertThat(merged.maxPixels()).isEqualTo(8_294_400L);
  }

  @Test
  void malformedImageTokensAndPromptLimitsAreReportedWithTheirPaths() {
    JsonNode file = Json.MAPPER.valueToTree(Map.of("models", Map.of("openai/x", Map.of(
        "max_prompt_chars", -5,
        "prices", Map.of("image_tokens", Map.of("per_image", Map.of("high", 10, "low|*", "many"), "rule",
            Map.of("quality_factors", Map.of("low", 1.5), "area_offset", 1, "area_divisor", 2, "extra", 3),
            "auto_size", 1024, "max_pixels", -1))))));

    String at = "models.openai/x.prices.image_tokens";
    assertThat(CatalogSchema.check(file)).extracting(CatalogSchema.Issue::path).containsExactlyInAnyOrder(
        "models.openai/x.max_prompt_chars", at + ".per_image.high", at + ".per_image.low|*", at + ".rule.extra",
        at + ".rule.quality_factors.low", at + ".auto_size", at + ".max_pixels");
  }

  @Test
  void theFormerOutputTokensFieldIsReportedWithWhereItMoved() {
    JsonNode file = Json.MAPPER.valueToTree(Map.of("models", Map.of("openai/gpt-image-2", Map.of(
        "output_tokens", Map.of("per_image", Map.of("high|1024x1024", 8000))))));

    assertThat(CatalogSchema.check(file)).singleElement().satisfies(issue -> {
      assertThat(issue.path()).isEqualTo("models.openai/gpt-image-2.output_tokens");
      assertThat(issue.message()).contains("prices.image_tokens");
    });
  }

  @Test
  void theMostAnImageCanBeBilledIsTheRuleForASquareOfItsAreaAtTheCostliestOpenQuality() {
    ImageTokens gptImage2 = tokens("openai", "gpt-image-2");

    // a square reaches the rule's bound; another shape of the same area is billed less
    assertThat(gptImage2.mostPerImage("high", "1024x1024", 1024L * 1024)).hasValue(7024);
    assertThat(gptImage2.mostPerImage("high", "1536x1024", 1536L * 1024)).hasValue(8232);
    assertThat(gptImage2.perImage("high", "1536x1024").getAsLong()).isLessThan(8232);
    assertThat(gptImage2.mostPerImage("low", "1536x1024", 1536L * 1024)).hasValue(229);
    // open quality: the costliest; open size: the largest image (max_pixels, a 2880x2880 square's area)
    assertThat(gptImage2.mostPerImage("auto", "1024x1024", 1024L * 1024)).hasValue(7024);
    assertThat(gptImage2.mostPerImage(null, null, null)).hasValue(23719);
    assertThat(gptImage2.mostPerImage("high", null, null)).isEqualTo(gptImage2.perImage("high", "2880x2880"));
    assertThat(gptImage2.mostPerImage("xhigh", "1024x1024", 1024L * 1024)).isEmpty();
  }

  @Test
  void aTableOnlyRuleBoundsByTheTable() {
    ImageTokens flash = tokens("gemini", "gemini-3.1-flash-image");

    assertThat(flash.mostPerImage("low", "1024x1024", 1024L * 1024)).hasValue(747);
    assertThat(flash.mostPerImage("standard", "1024x1024", 1024L * 1024)).hasValue(1120);
    assertThat(flash.mostPerImage(null, null, null)).hasValue(2520);
    assertThat(new ImageTokens(Map.of(), null, null, null, null).mostPerImage(null, null, null)).isEmpty();
  }
}
