package dev.imagegate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostOverridesTest {
  private final List<String> warnings = new ArrayList<>();
  private final CostCalculator costs = new CostCalculator(Pricing.bundled()).warningOnce(warnings::add);

  private static ImageResponse images(int count, Usage usage, Map<String, Object> fields) {
    return ImageResponse.of(0, Collections.nCopies(count, ImageData.ofBase64("AA==", null)), usage, fields,
        "openai", "m");
  }

  private static PriceOverrides prices(String key, String usd) {
    return PriceOverrides.of(Map.of(key, new BigDecimal(usd)));
  }

  @Test
  void aPerImageOverrideWinsOverTheTable() {
    ImageRequest request = ImageRequest.builder("x").model("dall-e-3").quality("hd").size("1792x1024").build();

    Cost cost = costs.cost("openai", "dall-e-3", prices("output_cost_per_image", "0.1"), request,
        images(2, Usage.NONE, Map.of()));

    assertThat(cost).isEqualTo(Cost.override(new BigDecimal("0.2")));
  }

  @Test
  void inputCostPerImageAlsoPricesEachGeneratedImage() {
    Cost cost = costs.cost("xinference", "sd3", prices("input_cost_per_image", "0.003"),
        ImageRequest.builder("x").build(), images(4, Usage.NONE, Map.of()));

    assertThat(cost).isEqualTo(Cost.override(new BigDecimal("0.012")));
  }

  @Test
  void perPixelOverridesUseTheServedSizeElseTheRequestedOne() {
    PriceOverrides perPixel = PriceOverrides.of(Map.of("input_cost_per_pixel", new BigDecimal("0.00000002"),
        "output_cost_per_pixel", new BigDecimal("0")));
    ImageRequest request = ImageRequest.builder("x").size("512x512").build();

    Cost requested = costs.cost("xinference", "sd3", perPixel, request, images(1, Usage.NONE, Map.of()));
    Cost served = costs.cost("openai", "gpt-image-1", perPixel, ImageRequest.builder("x").size("auto").build(),
        images(1, Usage.NONE, Map.of("size", "1024x1536")));

    assertThat(requested).isEqualTo(Cost.override(new BigDecimal("0.00524288")));
    assertThat(served).isEqualTo(Cost.override(new BigDecimal("0.03145728")));
  }

  @Test
  void tokenOverridesPriceReportedUsage() {
    PriceOverrides tokens = PriceOverrides.of(Map.of("input_cost_per_token", new BigDecimal("0.000004"),
        "output_cost_per_token", new BigDecimal("0.00001"), "output_cost_per_image_token",
        new BigDecimal("0.00003")));
    Usage usage = new Usage(12, new Usage.InputTokensDetails(12, 0), 4160, 4172);

    Cost cost = costs.cost("azure", "my-gpt-image", tokens, ImageRequest.builder("x").build(),
        images(1, usage, Map.of()));

    assertThat(cost).isEqualTo(Cost.override(new BigDecimal("0.124848")));
  }

  @Test
  void tokenOnlyOverridesWithoutUsageFallBackToTheTable() {
    Cost cost = costs.cost("openai", "dall-e-2", prices("input_cost_per_token", "0.1"),
        ImageRequest.builder("x").size("512x512").build(), images(1, Usage.NONE, Map.of()));

    assertThat(cost).isEqualTo(Cost.table(new BigDecimal("0.018")));
  }

  @Test
  void aProviderReportedCostWinsOverOverrides() {
    ImageResponse reported = images(1, Usage.NONE, Map.of()).withCost(Cost.reported(new BigDecimal("0.039")));

    Cost cost = costs.cost("openrouter", "google/gemini-2.5-flash-image", prices("output_cost_per_image", "1"),
        ImageRequest.builder("x").build(), reported);

    assertThat(cost).isEqualTo(Cost.reported(new BigDecimal("0.039")));
  }

  @Test
  void unpricedModelsAreWarnedOncePerModel() {
    ImageRequest request = ImageRequest.builder("x").build();

    Cost first = costs.cost("xinference", "sd3", request, images(1, Usage.NONE, Map.of()));
    costs.cost("xinference", "sd3", request, images(1, Usage.NONE, Map.of()));
    costs.cost("xinference", "flux", request, images(1, Usage.NONE, Map.of()));

    assertThat(first.priced()).isFalse();
    assertThat(first.note()).isEqualTo("no price known for xinference/sd3");
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("xinference/sd3").contains("input_cost_per_image");
  }

  @Test
  void aKnownModelAtAnUnknownSizeIsUnpricedNotDefaulted() {
    Cost cost = costs.cost("openai", "dall-e-3", ImageRequest.builder("x").quality("hd").size("512x512").build(),
        images(1, Usage.NONE, Map.of()));

    assertThat(cost.priced()).isFalse();
    assertThat(cost.note()).contains("quality hd, size 512x512");
  }

  @Test
  void recraftVectorStylesCostTwiceRaster() {
    ImageRequest vector = ImageRequest.builder("x").style("vector_illustration").build();
    ImageRequest raster = ImageRequest.builder("x").style("realistic_image").size("1024x1024").build();

    assertThat(costs.cost("recraft", "recraftv3", vector, images(2, Usage.NONE, Map.of())))
        .isEqualTo(Cost.table(new BigDecimal("0.16")));
    assertThat(costs.cost("recraft", "recraftv3", raster, images(2, Usage.NONE, Map.of())))
        .isEqualTo(Cost.table(new BigDecimal("0.08")));
    assertThat(costs.cost("recraft", "recraftv2", raster, images(2, Usage.NONE, Map.of())))
        .isEqualTo(Cost.table(new BigDecimal("0.044")));
  }

  @Test
  void nscaleIsPricedPerPixelWithItsDefaultSize() {
    Cost unset = costs.cost("nscale", "black-forest-labs/FLUX.1-schnell", ImageRequest.builder("x").build(),
        images(1, Usage.NONE, Map.of()));
    Cost large = costs.cost("nscale", "stabilityai/stable-diffusion-xl-base-1.0",
        ImageRequest.builder("x").size("1024x1024").build(), images(2, Usage.NONE, Map.of()));

    assertThat(unset).isEqualTo(Cost.table(new BigDecimal("0.0003407872")));
    assertThat(large).isEqualTo(Cost.table(new BigDecimal("0.006291456")));
  }

  @Test
  void estimateIsNTimesThePerImagePrice() {
    ImageRequest hd = ImageRequest.builder("x").n(3).quality("hd").size("1792x1024").build();

    assertThat(costs.estimate("openai", "dall-e-3", PriceOverrides.NONE, hd))
        .isEqualTo(Cost.table(new BigDecimal("0.36")));
    assertThat(costs.estimate("openai", "dall-e-3", prices("output_cost_per_image", "0.05"), hd))
        .isEqualTo(Cost.override(new BigDecimal("0.15")));
  }

  @Test
  void estimateForAutoQualityOrSizeIsAnUpperBound() {
    Cost auto = costs.estimate("openai", "gpt-image-1", PriceOverrides.NONE, ImageRequest.builder("x").n(2).build());
    Cost medium = costs.estimate("openai", "gpt-image-1", PriceOverrides.NONE,
        ImageRequest.builder("x").quality("medium").build());

    // the highest per-image price, and the prompt ((1 byte + 32) tokens x $5/M) per image
    assertThat(auto.usd()).contains(new BigDecimal("0.5").add(new BigDecimal("0.00033")));
    assertThat(auto.note()).contains("upper bound");
    assertThat(medium.usd()).contains(new BigDecimal("0.063").add(new BigDecimal("0.000165")));
  }

  @Test
  void estimateWithoutAnyPriceIsUnpriced() {
    assertThat(costs.estimate("xinference", "sd3", PriceOverrides.NONE, ImageRequest.builder("x").build()).priced())
        .isFalse();
  }
}
