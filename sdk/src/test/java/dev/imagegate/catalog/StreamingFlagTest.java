package dev.imagegate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.provider.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue's {@code streaming} flag: which models stream natively, and its schema. */
class StreamingFlagTest {
  private static final Catalog CATALOG = Catalog.bundled();

  private static ModelEntry entry(String provider, String model) {
    return CATALOG.find(provider, model).orElseThrow().entry();
  }

  @Test
  void theGptImageModelsStreamOnOpenAiAndAzureWithTheirSnapshotsAndInheritors() {
    for (String model : List.of("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2",
        "gpt-image-2-2026-04-21", "chatgpt-image-latest", "gpt-image-2.5-flare", "gpt-image-2.6-sunburst")) {
      assertThat(entry("openai", model).streams()).as("openai/" + model).isTrue();
    }
    for (String model : List.of("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2")) {
      ModelEntry azure = entry("azure", model);
      assertThat(azure.streams()).as("azure/" + model).isTrue();
      assertThat(azure.source()).as("azure/" + model).contains("Streaming");
    }
  }

  @Test
  void modelsThatCannotStreamSayNothingAndAreFalse() {
    assertThat(entry("openai", "dall-e-3").streams()).isFalse();
    assertThat(entry("openai", "dall-e-2").streams()).isFalse();
    assertThat(entry("azure", "dall-e-3").streams()).isFalse();
    assertThat(entry("openai", "dall-e-3").streaming()).isNull();
  }

  @Test
  void streamAndPartialImagesAreNoLongerExtras() {
    CATALOG.entries().forEach((key, entry) ->
        assertThat(entry.extras()).as(key).doesNotContain("stream", "partial_images"));
  }

  @Test
  void streamingMustBeABoolean() throws IOException {
    var file = Json.MAPPER.readTree("{\"models\":{\"openai/x\":{\"streaming\":\"yes\"}}}");

    assertThat(CatalogSchema.check(file)).extracting(CatalogSchema.Issue::toString)
        .containsExactly("models.openai/x.streaming: must be true or false");
  }
}
