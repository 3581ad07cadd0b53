package dev.imagegate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.BadRequest;
import org.junit.jupiter.api.Test;

/** Capability claims checked against OpenAI's spec (openai/openai-openapi f85dbe223d40). */
class SpecClaimsTest {
  private static final Catalog CATALOG = Catalog.bundled();

  private static ModelEntry entry(String provider, String model) {
    return CATALOG.find(provider, model).orElseThrow().entry();
  }

  @Test
  void gptImage1MiniDoesNotClaimInputFidelityAndRefusesItBeforeSending() {
    for (String provider : new String[] {"openai", "azure"}) {
      ModelEntry mini = entry(provider, "gpt-image-1-mini");
      assertThat(mini.extras()).as(provider).doesNotContain("input_fidelity");
      ImageRequest request = ImageRequest.builder("a fox").extra("input_fidelity", "high").build();

      assertThatThrownBy(() -> mini.capabilities().check(request, provider + "/gpt-image-1-mini"))
          .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.param()).isEqualTo("input_fidelity"))
          .hasMessageContaining("does not take input_fidelity");
    }
  }

  @Test
  void theModelsTheSpecNamesForInputFidelityKeepIt() {
    assertThat(entry("openai", "gpt-image-1").extras()).contains("input_fidelity");
    assertThat(entry("openai", "gpt-image-1.5").extras()).contains("input_fidelity");
    ImageRequest request = ImageRequest.builder("a fox").extra("input_fidelity", "high").build();
    assertThat(entry("openai", "gpt-image-1.5").capabilities().check(request, "openai/gpt-image-1.5").extras())
        .containsEntry("input_fidelity", "high");
  }

  @Test
  void noGptImageModelSendsResponseFormatAndOnlyDallE3TakesStyles() {
    for (String model : new String[] {"gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"}) {
      assertThat(entry("openai", model).capabilities().sendsResponseFormat()).as(model).isFalse();
      assertThat(entry("openai", model).styles()).as(model).isNull();
      assertThat(entry("openai", model).n()).as(model).isEqualTo(new ModelEntry.NRange(1, 10));
    }
    assertThat(entry("openai", "dall-e-3").styles()).containsExactly("vivid", "natural");
    assertThat(entry("openai", "dall-e-3").n()).isEqualTo(new ModelEntry.NRange(1, 1));
  }
}
