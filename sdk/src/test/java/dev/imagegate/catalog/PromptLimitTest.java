package dev.imagegate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Capabilities;
import org.junit.jupiter.api.Test;

/** Prompt limits are catalogue data, checked with the other capabilities before anything is sent. */
class PromptLimitTest {
  private static final Catalog CATALOG = Catalog.bundled();

  private static Capabilities caps(String provider, String model) {
    return CATALOG.find(provider, model).orElseThrow().entry().capabilities();
  }

  private static ImageRequest prompt(int chars) {
    return ImageRequest.builder("a".repeat(chars)).build();
  }

  @Test
  void recraftV4TakesTenThousandCharactersAndV3AThousand() {
    for (String v4 : new String[] {"recraftv4", "recraftv4_1", "recraftv4_pro", "recraftv4_1_pro_vector"}) {
      assertThat(caps("recraft", v4).maxPromptChars()).as(v4).isEqualTo(10_000);
      assertThat(caps("recraft", v4).check(prompt(10_000), "recraft/" + v4).prompt()).hasSize(10_000);
      assertThatThrownBy(() -> caps("recraft", v4).check(prompt(10_001), "recraft/" + v4))
          .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.param()).isEqualTo("prompt"))
          .hasMessageContaining("10001 characters").hasMessageContaining("at most 10000");
    }
    assertThat(caps("recraft", "recraftv3").maxPromptChars()).isEqualTo(1000);
    assertThatThrownBy(() -> caps("recraft", "recraftv2").check(prompt(1001), "recraft/recraftv2"))
        .isInstanceOf(BadRequest.class);
  }

  @Test
  void charactersAreCountedAsCodePointsNotUtf16Units() {
    String emoji = "\uD83E\uDD8A".repeat(1000);
    ImageRequest request = ImageRequest.builder(emoji).build();

    assertThat(caps("recraft", "recraftv3").check(request, "recraft/recraftv3").prompt()).isEqualTo(emoji);
  }

  @Test
  void dropParamsNeverCutsAPrompt() {
    ImageRequest request = ImageRequest.builder("b".repeat(4001)).dropParams(true).build();

    assertThatThrownBy(() -> caps("openai", "dall-e-3").check(request, "openai/dall-e-3"))
        .isInstanceOf(BadRequest.class).hasMessageContaining("at most 4000");
  }

  @Test
  void openAiLimitsFollowTheSpec() {
    assertThat(caps("openai", "dall-e-2").maxPromptChars()).isEqualTo(1000);
    assertThat(caps("openai", "dall-e-3").maxPromptChars()).isEqualTo(4000);
    assertThat(caps("openai", "gpt-image-2").maxPromptChars()).isEqualTo(32_000);
    assertThat(caps("openai", "gpt-image-1-mini").maxPromptChars()).isEqualTo(32_000);
  }

  @Test
  void aModelWithoutAKnownLimitTakesAnyPrompt() {
    assertThat(caps("gemini", "gemini-3.1-flash-image").maxPromptChars()).isNull();
    assertThat(Capabilities.permissive().check(prompt(100_000), "openai/x").prompt()).hasSize(100_000);
  }
}
