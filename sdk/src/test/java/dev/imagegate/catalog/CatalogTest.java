package dev.imagegate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The bundled catalogue files: well formed, sourced, and the only place model names live. */
class CatalogTest {
  private static final Catalog CATALOG = Catalog.bundled();

  @TestFactory
  Stream<DynamicTest> everyBundledFileMatchesTheSchema() {
    return Catalog.FAMILIES.stream().map(family -> DynamicTest.dynamicTest(family, () -> {
      JsonNode tree = read("/dev/imagegate/catalog/" + family + ".json");
      assertThat(CatalogSchema.check(tree)).as(family).isEmpty();
      assertThat(tree.path("family").asText()).isEqualTo(family);
      assertThat(tree.path("source").asText()).isNotBlank();
    }));
  }

  @Test
  void everyEntryNamesItsSourceAndADateItWasChecked() {
    assertThat(CATALOG.entries()).isNotEmpty().allSatisfy((key, entry) -> {
      assertThat(entry.source()).as(key).isNotBlank();
      assertThat(LocalDate.parse(entry.checked())).as(key).isNotNull();
      assertThat(entry.n().min()).as(key).isPositive();
    });
  }

  @Test
  void datedSnapshotsAndVariantsResolveToTheirFamily() {
    assertThat(CATALOG.find("openai", "gpt-image-2-2026-04-21")).get()
        .extracting(Catalog.Found::key).isEqualTo("openai/gpt-image-2");
    assertThat(CATALOG.find("openai", "gpt-image-1-mini-2025-10-06")).get()
        .extracting(Catalog.Found::key).isEqualTo("openai/gpt-image-1-mini");
    assertThat(CATALOG.find("openai", "gpt-image-2.6-nova")).get()
        .extracting(Catalog.Found::key).isEqualTo("openai/gpt-image-2.6-*");
    assertThat(CATALOG.find("gemini", "gemini-4-flash-image")).get()
        .extracting(Catalog.Found::key).isEqualTo("gemini/gemini-*-image*");
    assertThat(CATALOG.find("gemini", "gemini-3.1-flash-image")).get()
        .extracting(Catalog.Found::key).isEqualTo("gemini/gemini-3.1-flash-image");
    assertThat(CATALOG.find("openai", "my-local-model")).isEmpty();
    assertThat(CATALOG.pricing().find("openai", "gpt-image-2-2026-04-21"))
        .isEqualTo(CATALOG.pricing().find("openai", "gpt-image-2")).isPresent();
  }

  @Test
  void inheritingCopiesCapabilitiesAndPricesButNeverTheLifecycle() {
    ModelEntry azure = CATALOG.find("azure", "gpt-image-1.5").orElseThrow().entry();
    ModelEntry openai = CATALOG.find("openai", "gpt-image-1.5").orElseThrow().entry();

    assertThat(azure.qualities()).isEqualTo(openai.qualities());
    assertThat(azure.prices()).isEqualTo(openai.prices());
    assertThat(openai.lifecycle().shutdownDate()).isNotNull();
    assertThat(azure.lifecycle()).isEqualTo(Lifecycle.ACTIVE);
    assertThat(azure.refusedValues()).containsEntry("output_format", List.of("webp"));
  }

  /**
   * Every model name written in a provider's Java must be in the catalogue: facts about models live in data. The
   * scan looks for string literals that look like model names of the providers imagegate speaks to.
   */
  @Test
  void providersNameNoModelTheCatalogueLacks() throws IOException {
    Pattern literal = Pattern.compile("\"((?:gpt-image|dall-e|chatgpt-image|imagen-|imagegeneration|gemini-[0-9]"
        + "|recraftv|stability\\.|amazon\\.(?:titan|nova))[^\"*\\s]*)\"");
    List<String> missing = new ArrayList<>();
    Path root = Path.of("src/main/java/dev/imagegate/provider");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher matcher = literal.matcher(Files.readString(file));
        while (matcher.find()) {
          String name = matcher.group(1);
          boolean known = CATALOG.entries().keySet().stream().anyMatch(key -> key.endsWith("/" + name));
          if (!known) {
            missing.add(root.relativize(file) + ": " + name);
          }
        }
      }
    }
    assertThat(missing).as("model names in provider code that the catalogue lacks").isEmpty();
  }

  private static JsonNode read(String resource) {
    try (InputStream in = CatalogTest.class.getResourceAsStream(resource)) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
