package dev.imagegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.catalog.Catalog;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.gemini.GoogleModel;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The December 2026 models: what each accepts and refuses, from the catalogue, before anything is sent. */
class CurrentModelsTest {
  private final AtomicInteger sent = new AtomicInteger();
  private final HttpTransport nothingSent = request -> {
    sent.incrementAndGet();
    throw new AssertionError("no request may be sent for bad input");
  };
  private final ImageGate gate = ImageGate.builder().transport(nothingSent)
      .env(Env.of(Map.of("OPENAI_API_KEY", "sk-test", "RECRAFT_API_KEY", "rk-test"))).build();

  private static Capabilities caps(String provider, String model) {
    return Catalog.bundled().find(provider, model).orElseThrow().entry().capabilities();
  }

  private BadRequest refused(ImageRequest.Builder request) {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate.generate(request.build()));
    assertThat(e).isNotNull();
    assertThat(sent).hasValue(0);
    return e;
  }

  @Test
  void gptImage2IsABareNameAndTakesAnySizeItsRuleAllows() {
    Capabilities gptImage2 = caps("openai", "gpt-image-2");

    assertThat(gate.providers().resolve("gpt-image-2", null).qualified()).isEqualTo("openai/gpt-image-2");
    assertThat(gate.providers().resolve("gpt-image-2-2026-04-21", null).qualified())
        .isEqualTo("openai/gpt-image-2-2026-04-21");
    assertThat(gptImage2.sizes().accepts("2048x1152")).isTrue();
    assertThat(gptImage2.sizes().accepts("3840x2160")).isTrue();
    assertThat(gptImage2.sizes().accepts("auto")).isTrue();
    assertThat(gptImage2.sizes().accepts("3840x1216")).as("ratio above 3:1").isFalse();
    assertThat(gptImage2.sizes().accepts("4096x2304")).as("edge above 3840").isFalse();
    assertThat(gptImage2.sizes().accepts("512x512")).as("below 0.65 MP").isFalse();
    assertThat(gptImage2.sendsResponseFormat()).isFalse();
  }

  @Test
  void aSizeGptImage2RefusesIsA400StatingTheRule() {
    BadRequest e = refused(ImageRequest.builder("x").model("gpt-image-2").size("1000x1000"));

    assertThat(e.param()).isEqualTo("size");
    assertThat(e.getMessage()).contains("Invalid size '1000x1000' for openai/gpt-image-2")
        .contains("edges must be multiples of 16").contains("longest edge at most 3840")
        .contains("aspect ratio at most 3:1");
  }

  @Test
  void aTransparentBackgroundOnGptImage2IsForwardedNotRefused() {
    // openai-openapi (2026-08-20): transparent backgrounds are in preview on gpt-image-2, not an error.
    Capabilities gptImage2 = caps("openai", "gpt-image-2");

    assertThat(gptImage2.refusedValues()).doesNotContainKey("background");
    assertThat(caps("azure", "gpt-image-2").refusedValues()).doesNotContainKey("background").containsKey("output_format");
    assertThatCode(() -> gptImage2.check(ImageRequest.builder("x").extra("background", "transparent")
        .extra("output_format", "png").build(), "openai/gpt-image-2")).doesNotThrowAnyException();
  }

  @Test
  void azureGptImage2RefusesWebp() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> caps("azure", "gpt-image-2")
        .check(ImageRequest.builder("x").extra("output_format", "webp").build(), "azure/gpt-image-2"));

    assertThat(e.param()).isEqualTo("output_format");
  }

  @Test
  void gpt25ModelsTakeTheirExtraQualities() {
    assertThat(caps("openai", "gpt-image-2.5-sunburst").qualities().accepts("xhigh")).isTrue();
    assertThat(caps("openai", "gpt-image-2").qualities().accepts("xhigh")).isFalse();
    assertThat(Catalog.bundled().pricing().find("openai", "gpt-image-2.5-sunburst")).as("no published price").isEmpty();
  }

  @Test
  void recraftV41TakesItsV4SizesAndNoStyles() {
    assertThat(caps("recraft", "recraftv4_1").sizes().accepts("1536x768")).isTrue();
    assertThat(caps("recraft", "recraftv4_1").sizes().accepts("16:9")).isTrue();

    BadRequest style = refused(ImageRequest.builder("x").model("recraft/recraftv4_1").style("vector_illustration"));

    assertThat(style.param()).isEqualTo("style");
    assertThat(caps("recraft", "recraftv3").styles().accepts("vector_illustration")).isTrue();
  }

  @Test
  void recraftV4SizesAreTheAppendixTablesNotV3s() {
    // recraft.ai/docs/api-reference/appendix: V4/V4.1 take fourteen 1K sizes, the Pro models fourteen 2K sizes.
    assertThat(caps("recraft", "recraftv4_1").sizes().accepts("1280x832")).isTrue();
    assertThat(caps("recraft", "recraftv4").sizes().accepts("14:10")).isTrue();
    assertThat(caps("recraft", "recraftv4_pro").sizes().accepts("2048x2048")).isTrue();
    assertThat(caps("recraft", "recraftv4_pro").sizes().accepts("1024x1024")).as("a 1K size on a 2K model").isFalse();

    BadRequest v3Size = refused(ImageRequest.builder("x").model("recraft/recraftv4_1").size("1365x1024"));

    assertThat(v3Size.param()).isEqualTo("size");
  }

  @Test
  void anUnknownRecraftModelIsNotFoundListingTheKnownOnes() {
    var e = catchThrowableOfType(dev.imagegate.error.NotFound.class, () -> gate.generate(ImageRequest.builder("x")
        .model("recraft/recraftv9").build()));

    assertThat(e.getMessage()).contains("recraftv9").contains("recraftv4_1").contains("recraftv3");
    assertThat(sent).hasValue(0);
  }

  @Test
  void gemini31FlashImageHasTheNewRatiosAndA512Size() {
    GoogleModel flash = GoogleModel.of("gemini", "gemini-3.1-flash-image", Catalog.bundled());
    GoogleModel pro = GoogleModel.of("vertex_ai", "gemini-3-pro-image", Catalog.bundled());

    assertThat(flash.aspectRatio(Size.parse("1:8")).ratio()).isEqualTo("1:8");
    assertThat(flash.aspectRatio(Size.parse("4096x1024")).ratio()).isEqualTo("4:1");
    assertThat(flash.imageSize("low")).isEqualTo("512");
    assertThat(flash.imageSize("standard")).isEqualTo("1K");
    assertThat(flash.imageSize("high")).isEqualTo("2K");
    assertThat(flash.imageSize("hd")).isEqualTo("4K");
    assertThat(pro.imageSize("low")).isEqualTo("1K");
    assertThat(pro.aspectRatio(Size.parse("1:8")).approximate()).isTrue();
  }
}
