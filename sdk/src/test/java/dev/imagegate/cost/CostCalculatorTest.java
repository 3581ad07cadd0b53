package dev.imagegate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {
  private final CostCalculator costs = new CostCalculator(Pricing.bundled());

  private static ImageResponse images(int count, Usage usage) {
    return ImageResponse.of(0, Collections.nCopies(count, ImageData.ofBase64("AA==", null)), usage, Map.of(),
        "openai", "m");
  }

  @ParameterizedTest
  @CsvSource({
      "dall-e-3, standard, 1024x1024, 1, 0.04",
      "dall-e-3, hd, 1024x1024, 1, 0.08",
      "dall-e-3, standard, 1792x1024, 1, 0.08",
      "dall-e-3, hd, 1792x1024, 1, 0.12",
      "dall-e-3, hd, 1024x1792, 1, 0.12",
      "dall-e-2, , 1024x1024, 1, 0.02",
      "dall-e-2, , 512x512, 3, 0.054",
      "dall-e-2, , 256x256, 10, 0.16",
  })
  void perImagePricesComeFromTheRequest(String model, String quality, String size, int count, String usd) {
    ImageRequest request = ImageRequest.builder("x").model(model).quality(quality).size(size).build();

    Cost cost = costs.cost("openai", model, request, images(count, Usage.NONE));

    assertThat(cost).isEqualTo(Cost.table(new BigDecimal(usd)));
  }

  @Test
  void unsetQualityAndSizeUseTheModelDefaults() {
    Cost cost = costs.cost("openai", "dall-e-3", ImageRequest.builder("x").build(), images(1, Usage.NONE));

    assertThat(cost.usd()).contains(new BigDecimal("0.04"));
  }

  @Test
  void gptImageIsPricedPerToken() {
    Usage usage = new Usage(12, new Usage.InputTokensDetails(12, 0), 4160, 4172);

    Cost cost = costs.cost("openai", "gpt-image-1", ImageRequest.builder("x").build(), images(1, usage));

    assertThat(cost.usd()).contains(new BigDecimal("0.16646"));
  }

  @Test
  void unknownModelIsUnpricedNotZero() {
    Cost cost = costs.cost("openai", "flux-dev", ImageRequest.builder("x").build(), images(1, Usage.NONE));

    assertThat(cost.priced()).isFalse();
    assertThat(cost.usd()).isEmpty();
    assertThat(cost.note()).contains("openai/flux-dev");
  }

  @Test
  void providerReportedCostWins() {
    ImageResponse reported = images(1, Usage.NONE).withCost(Cost.reported(new BigDecimal("0.039")));

    Cost cost = costs.cost("openai", "dall-e-3", ImageRequest.builder("x").build(), reported);

    assertThat(cost).isEqualTo(Cost.reported(new BigDecimal("0.039")));
  }
}
