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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every entry of every bundled price file, priced through the calculator: each per-image key, per-style price,
 * per-pixel price and per-token price must come back exactly (and files added by other providers are covered as
 * soon as they are listed in {@link dev.imagegate.catalog.Catalog#FAMILIES}).
 */
class PriceTableTest {
  private static final Pricing PRICING = Pricing.bundled();
  private static final int IMAGES = 3;
  private final CostCalculator costs = new CostCalculator(PRICING);

  @Test
  void everyListedFileIsLoadedAndCitesItsSource() {
    assertThat(PRICING.tables()).hasSize(dev.imagegate.catalog.Catalog.FAMILIES.size()).allSatisfy(table -> {
      assertThat(table.version()).matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(table.source()).isNotBlank();
    });
    assertThat(PRICING.models()).containsKeys("openai/dall-e-3", "openai/gpt-image-2", "recraft/recraftv4_1",
        "nscale/black-forest-labs/FLUX.1-schnell");
  }

  @TestFactory
  Stream<DynamicTest> everyEntryPricesExactly() {
    List<DynamicTest> tests = new ArrayList<>();
    PRICING.models().forEach((key, price) -> {
      String provider = key.substring(0, key.indexOf('/'));
      String model = key.substring(key.indexOf('/') + 1).replace("*", "any-model");
      price.perImage().forEach((quality, usd) -> tests.add(DynamicTest.dynamicTest(key + " per_image " + quality,
          () -> perImage(provider, model, quality, usd))));
      price.perStyle().forEach((style, usd) -> tests.add(DynamicTest.dynamicTest(key + " per_style " + style,
          () -> assertThat(costs.cost(provider, model, ImageRequest.builder("x").style(style).build(), images(
              Usage.NONE))).isEqualTo(Cost.table(usd.multiply(BigDecimal.valueOf(IMAGES)))))));
      if (price.perPixel() != null) {
        tests.add(DynamicTest.dynamicTest(key + " per_pixel", () -> perPixel(provider, model, price)));
      }
      if (price.perToken() != null) {
        tests.add(DynamicTest.dynamicTest(key + " per_token", () -> perToken(provider, model, price)));
      }
    });
    return tests.stream();
  }

  private void perImage(String provider, String model, String key, BigDecimal usd) {
    String[] parts = key.split("\\|", -1);
    assertThat(parts).as("per_image keys are quality|size").hasSize(2);
    ImageRequest.Builder request = ImageRequest.builder("x")
        .quality(parts[0].equals("*") ? "no-such-quality" : parts[0])
        .size(parts[1].equals("*") ? "7x7" : parts[1]);
    assertThat(costs.cost(provider, model, request.build(), images(Usage.NONE)))
        .isEqualTo(Cost.table(usd.multiply(BigDecimal.valueOf(IMAGES))));
  }

  private void perPixel(String provider, String model, Pricing.ModelPrice price) {
    ImageRequest request = ImageRequest.builder("x").size("1000x500").build();
    BigDecimal expected = price.perPixel().multiply(BigDecimal.valueOf(500_000L * IMAGES));

    assertThat(costs.cost(provider, model, request, images(Usage.NONE))).isEqualTo(Cost.table(expected));
  }

  private void perToken(String provider, String model, Pricing.ModelPrice price) {
    Usage usage = new Usage(1500, new Usage.InputTokensDetails(1000, 500), 4000, 5500);
    Pricing.TokenPrice tokens = price.perToken();
    BigDecimal expected = orZero(tokens.inputText()).multiply(BigDecimal.valueOf(1000))
        .add(orZero(tokens.inputImage()).multiply(BigDecimal.valueOf(500)))
        .add(orZero(tokens.outputImage()).multiply(BigDecimal.valueOf(4000)));

    assertThat(costs.cost(provider, model, ImageRequest.builder("x").build(), images(usage)))
        .isEqualTo(Cost.table(expected));
  }

  private static ImageResponse images(Usage usage) {
    return ImageResponse.of(0, Collections.nCopies(IMAGES, ImageData.ofBase64("AA==", null)), usage, Map.of(),
        "p", "m");
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
