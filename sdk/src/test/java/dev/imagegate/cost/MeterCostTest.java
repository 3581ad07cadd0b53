package dev.imagegate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every billing meter of the current models, priced from the bundled catalogue. */
class MeterCostTest {
  private final CostCalculator costs = new CostCalculator(Pricing.bundled());

  @Test
  void gptImage2PricesTextImageCachedAndBothOutputsEachAtItsOwnRate() {
    Usage usage = new Usage(1500, new Usage.InputTokensDetails(1000, 500, 200, 100), 4050, 5550,
        new Usage.OutputTokensDetails(4000, 50, 0));

    Cost cost = costs.cost("openai", "gpt-image-2", ImageRequest.builder("x").build(), images(1, usage));

    BigDecimal expected = usd("0.000005").multiply(BigDecimal.valueOf(800))   // text in
        .add(usd("0.00000125").multiply(BigDecimal.valueOf(200)))          // cached text in
        .add(usd("0.000008").multiply(BigDecimal.valueOf(400)))            // image in
        .add(usd("0.000002").multiply(BigDecimal.valueOf(100)))            // cached image in
        .add(usd("0.00003").multiply(BigDecimal.valueOf(4000)))            // image out
        .add(usd("0.00001").multiply(BigDecimal.valueOf(50)));             // text out
    assertThat(cost).isEqualTo(Cost.table(expected));
    assertThat(cost.usd()).contains(new BigDecimal("0.12815"));
  }

  @Test
  void aDatedSnapshotIsPricedAsItsFamily() {
    Usage usage = new Usage(10, new Usage.InputTokensDetails(10, 0), 1000, 1010);

    assertThat(costs.cost("openai", "gpt-image-2-2026-04-21", ImageRequest.builder("x").build(), images(1, usage)))
        .isEqualTo(costs.cost("openai", "gpt-image-2", ImageRequest.builder("x").build(), images(1, usage)))
        .isEqualTo(Cost.table(new BigDecimal("0.03005")));
  }

  @Test
  void aTokenOnlyModelWithoutAnImageTokenRuleIsNotWarnedAboutBeforeTheCall() {
    java.util.List<String> warnings = new java.util.ArrayList<>();
    Pricing.ModelPrice tokensOnly = new Pricing.ModelPrice(null, null,
        new Pricing.TokenPrice(new BigDecimal("0.000005"), null, new BigDecimal("0.00003")), null);
    CostCalculator warning = new CostCalculator(Pricing.of(List.of(new Pricing.Table("t", null, null,
        Map.of("openai/tokens-only", tokensOnly))))).warningOnce(warnings::add);

    Cost estimate = warning.estimate("openai", "tokens-only", PriceOverrides.NONE, ImageRequest.builder("x").build());

    assertThat(estimate.source()).isEqualTo(Cost.Source.UNPRICED);
    assertThat(estimate.note()).contains("token-billed");
    assertThat(warnings).isEmpty();
  }

  @Test
  void gptImage2ReservesTheImageTokensOfTheSizeAndQualityAskedPlusThePrompt() {
    Cost high = costs.estimate("openai", "gpt-image-2", PriceOverrides.NONE,
        ImageRequest.builder("x").size("1024x1024").quality("high").build());
    Cost low = costs.estimate("openai", "gpt-image-2", PriceOverrides.NONE,
        ImageRequest.builder("x").size("1536x1024").quality("low").n(3).build());

    // 4608 + 2304 x 1.048576 = 7024 tokens x $30/M, and (1 byte + 32) prompt tokens x $5/M
    assertThat(high.amount()).isEqualByComparingTo(new BigDecimal("0.21072").add(new BigDecimal("0.000165")));
    assertThat(high.source()).isEqualTo(Cost.Source.TABLE);
    assertThat(high.note()).contains("upper bound").contains("prompt");
    // 128 + 64 x 1.572864 = 228.66 -> 229 tokens per image, 3 images
    assertThat(low.amount()).isEqualByComparingTo(new BigDecimal("0.00687").add(new BigDecimal("0.000165"))
        .multiply(BigDecimal.valueOf(3)));
  }

  @Test
  void gptImage2AtAutoReservesTheLargestImageAtTheCostliestQuality() {
    Cost auto = costs.estimate("openai", "gpt-image-2", PriceOverrides.NONE, ImageRequest.builder("x").n(2).build());
    Cost azure = costs.estimate("azure", "gpt-image-2", PriceOverrides.NONE, ImageRequest.builder("x").n(2).build());

    // high at 8,294,400 pixels: 4608 + 2304 x 8.2944 = 23718.3 -> 23719 tokens x $30/M, twice
    assertThat(auto.amount()).isEqualByComparingTo(new BigDecimal("0.71157").add(new BigDecimal("0.000165"))
        .multiply(BigDecimal.valueOf(2)));
    assertThat(azure).isEqualTo(auto);
  }

  @Test
  void theReservationGrowsWithThePromptsBytes() {
    String longPrompt = "é".repeat(1000);
    Cost shortOne = costs.estimate("openai", "gpt-image-2", PriceOverrides.NONE,
        ImageRequest.builder("x").quality("low").size("1024x1024").build());
    Cost longOne = costs.estimate("openai", "gpt-image-2", PriceOverrides.NONE,
        ImageRequest.builder(longPrompt).quality("low").size("1024x1024").build());

    // 2,000 UTF-8 bytes instead of 1, at $5/M
    assertThat(longOne.amount().subtract(shortOne.amount())).isEqualByComparingTo("0.009995");
  }

  @Test
  void gptImage15TextOutputIsPricedAsTextNotAsImage() {
    Usage usage = new Usage(0, Usage.InputTokensDetails.NONE, 1100, 1100, new Usage.OutputTokensDetails(1000, 100, 0));

    assertThat(costs.cost("openai", "gpt-image-1.5", ImageRequest.builder("x").build(), images(1, usage)))
        .isEqualTo(Cost.table(new BigDecimal("0.032").add(new BigDecimal("0.001"))));
  }

  @Test
  void gemini31FlashImageBillsThinkingTokensAsOutputText() {
    Usage usage = new Usage(100, new Usage.InputTokensDetails(100, 0), 1420, 1520,
        new Usage.OutputTokensDetails(1120, 0, 300));

    Cost cost = costs.cost("gemini", "gemini-3.1-flash-image", ImageRequest.builder("x").build(), images(1, usage));

    // 100 x $0.50/M + 1120 x $60/M + 300 thinking x $3/M
    assertThat(cost).isEqualTo(Cost.table(new BigDecimal("0.00005").add(new BigDecimal("0.0672"))
        .add(new BigDecimal("0.0009"))));
  }

  @Test
  void gemini3ProImageBillsThinkingAtTwelveDollarsPerMillion() {
    Usage usage = new Usage(0, Usage.InputTokensDetails.NONE, 1120 + 1000, 2120,
        new Usage.OutputTokensDetails(1120, 0, 1000));

    assertThat(costs.cost("vertex_ai", "gemini-3-pro-image", ImageRequest.builder("x").build(), images(1, usage)))
        .isEqualTo(Cost.table(new BigDecimal("0.1344").add(new BigDecimal("0.012"))));
  }

  @Test
  void gemini31FlashImageEstimatesByResolutionBeforeTheCall() {
    assertThat(costs.estimate("gemini", "gemini-3.1-flash-image", PriceOverrides.NONE,
        ImageRequest.builder("x").quality("low").build()).usd()).contains(new BigDecimal("0.04482")
        .add(new BigDecimal("0.0000165")));
    assertThat(costs.estimate("gemini", "gemini-3.1-flash-image", PriceOverrides.NONE,
        ImageRequest.builder("x").quality("hd").n(2).build()).usd()).contains(new BigDecimal("0.3024")
        .add(new BigDecimal("0.000033")));
  }

  @Test
  void recraftIsPricedByTheCreditsItReports() {
    ImageResponse answer = images(2, Usage.NONE, Map.of("credits", new BigDecimal("70")));

    Cost cost = costs.cost("recraft", "recraftv4_1", ImageRequest.builder("x").build(), answer);

    assertThat(cost.usd()).contains(new BigDecimal("0.07"));
    assertThat(cost.source()).isEqualTo(Cost.Source.PROVIDER);
    assertThat(cost.note()).contains("70 credits");
  }

  @Test
  void recraftWithoutCreditsIsPricedByModel() {
    ImageRequest request = ImageRequest.builder("x").build();

    assertThat(costs.cost("recraft", "recraftv4_1", request, images(2, Usage.NONE)).usd())
        .contains(new BigDecimal("0.07"));
    assertThat(costs.cost("recraft", "recraftv4_1_pro", request, images(1, Usage.NONE)).usd())
        .contains(new BigDecimal("0.21"));
    assertThat(costs.cost("recraft", "recraftv4_pro", request, images(1, Usage.NONE)).usd())
        .contains(new BigDecimal("0.25"));
    assertThat(costs.cost("recraft", "recraftv4_pro_vector", request, images(1, Usage.NONE)).usd())
        .contains(new BigDecimal("0.3"));
    assertThat(costs.cost("recraft", "recraftv2", request, images(1, Usage.NONE)).usd())
        .contains(new BigDecimal("0.022"));
  }

  @Test
  void deploymentPricesStillWinOverCredits() {
    PriceOverrides perImage = PriceOverrides.of(Map.of("output_cost_per_image", new BigDecimal("0.05")));

    assertThat(costs.cost("recraft", "recraftv4_1", perImage, ImageRequest.builder("x").build(),
        images(1, Usage.NONE, Map.of("credits", new BigDecimal("35"))))).isEqualTo(Cost.override(usd("0.05")));
  }

  private static BigDecimal usd(String value) {
    return new BigDecimal(value);
  }

  private static ImageResponse images(int count, Usage usage) {
    return images(count, usage, Map.of());
  }

  private static ImageResponse images(int count, Usage usage, Map<String, Object> fields) {
    return ImageResponse.of(0, Collections.nCopies(count, ImageData.ofBase64("AA==", null)), usage, fields, "p", "m");
  }
}
