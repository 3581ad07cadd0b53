package dev.imagegate.router;

import static dev.imagegate.router.Harness.deployment;
import static dev.imagegate.router.Harness.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.cost.PriceOverrides;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A streamed call's pre-call estimate adds what its partial images can be billed: {@link Dispatcher#PARTIAL_IMAGE_TOKENS}
 * output image tokens each, per image, on token-billed deployments; nothing where images are priced per image.
 */
class StreamEstimateTest {
  private final Harness h = new Harness();

  @Test
  void tokenBilledDeploymentsAddThePartialImagesOutputTokens() {
    PriceOverrides prices = PriceOverrides.of(Map.of("output_cost_per_image", new BigDecimal("0.04"),
        "output_cost_per_image_token", new BigDecimal("0.00003")));
    Router router = h.router(deployment("t", "g", "fake/tokens").prices(prices).build());
    ImageRequest two = request("g").toBuilder().n(2).build();
    Prepared prepared = router.prepare(router.group("g").orElseThrow(), two);

    assertThat(router.estimate(prepared).amount()).isEqualByComparingTo("0.08");
    assertThat(router.estimate(prepared, 0).amount()).isEqualByComparingTo("0.08");
    // 2 images x 3 partials x 100 tokens x $30/M
    Cost streamed = router.estimate(prepared, 3);
    assertThat(streamed.amount()).isEqualByComparingTo("0.098");
    assertThat(streamed.note()).contains("3 partial image(s) per image");
  }

  @Test
  void perImagePricesAreUnchangedByPartialImages() {
    Router router = h.router(deployment("a", "g", "fake/a").build());
    Prepared prepared = router.prepare(router.group("g").orElseThrow(), request("g"));

    assertThat(router.estimate(prepared, 3)).isEqualTo(router.estimate(prepared));
  }
}
