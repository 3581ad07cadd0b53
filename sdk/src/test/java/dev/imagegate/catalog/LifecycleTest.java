package dev.imagegate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.config.ConfigException;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's lifecycle decides, before anything is sent, whether a call goes out and what it is told. */
class LifecycleTest {
  private static final Clock DECEMBER_7 = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
  private static final String PNG_1X1 = dev.imagegate.testing.MockServers.PNG_1X1;

  private final List<HttpTransport.Request> sent = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final HttpTransport upstream = request -> {
    sent.add(request);
    return new HttpTransport.Response(200, Map.of("Content-Type", List.of("application/json")),
        ("{\"created\":1,\"data\":[{\"b64_json\":\"" + PNG_1X1 + "\"}]}").getBytes(StandardCharsets.UTF_8));
  };

  @TempDir
  Path dir;

  private ImageGate gate(ImageGate.Builder builder) {
    return builder.transport(upstream).clock(DECEMBER_7).lifecycleWarnings(warnings::add)
        .env(Env.of(Map.of("OPENAI_API_KEY", "sk-test", "AZURE_API_KEY", "az-test",
            "AZURE_API_BASE", "https://example.openai.azure.com"))).build();
  }

  @Test
  void aModelPastItsShutdownIsNotFoundNamingTheDateAndTheReplacementAndNothingIsSent() {
    NotFound e = catchThrowableOfType(NotFound.class, () -> gate(ImageGate.builder())
        .generate(ImageRequest.builder("a fox").model("dall-e-3").build()));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("model_not_found");
    assertThat(e.getMessage()).contains("openai/dall-e-3").contains("shut down on 2026-05-12")
        .contains("use gpt-image-2 instead");
    assertThat(sent).isEmpty();
  }

  @Test
  void gptImage15IsShutDownOnTheDateOpenAiDeprecationsPageGivesAndPointsAtItsReplacement() {
    NotFound e = catchThrowableOfType(NotFound.class, () -> gate(ImageGate.builder())
        .generate(ImageRequest.builder("a fox").model("gpt-image-1.5").build()));

    assertThat(e.getMessage()).contains("openai/gpt-image-1.5").contains("shut down on 2026-12-01")
        .contains("use gpt-image-2.6-sunburst instead").doesNotContain("unconfirmed");
    assertThat(sent).isEmpty();
  }

  @Test
  void aModelWithAnUnconfirmedShutdownStillWorksAndIsReportedAsDeprecatedOncePerModel() {
    ImageGate gate = gate(ImageGate.builder());

    ImageResponse first = gate.generate(ImageRequest.builder("a fox").model("gpt-image-1").build());
    ImageResponse second = gate.generate(ImageRequest.builder("a fox").model("gpt-image-1").build());

    assertThat(sent).hasSize(2);
    assertThat(first.deprecation()).contains("2026-10-23").contains("unconfirmed").contains("gpt-image-2");
    assertThat(second.deprecation()).isEqualTo(first.deprecation());
    assertThat(warnings).hasSize(1).first().asString().contains("openai/gpt-image-1 is deprecated");
  }

  @Test
  void aCurrentModelCarriesNoDeprecation() {
    ImageResponse response = gate(ImageGate.builder())
        .generate(ImageRequest.builder("a fox").model("gpt-image-2").size("2048x1152").build());

    assertThat(response.deprecation()).isNull();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aDeploymentsOwnShutdownDateWinsAndIsNeverSentUpstream() throws Exception {
    ImageResponse response = gate(ImageGate.builder()).generate(ImageRequest.builder("a fox").model("dall-e-3")
        .extra("shutdown_date", "2027-03-01").extra("replacement", "gpt-image-2").build());

    assertThat(response.deprecation()).contains("shuts down on 2027-03-01");
    assertThat(Json.MAPPER.readTree(sent.get(0).body()).has("shutdown_date")).isFalse();
    assertThat(Json.MAPPER.readTree(sent.get(0).body()).has("replacement")).isFalse();
  }

  @Test
  void azureKeepsItsOwnDatesNeverOpenAis() {
    ImageGate gate = gate(ImageGate.builder());

    gate.generate(ImageRequest.builder("a fox").model("azure/my-deployment").extra("base_model", "gpt-image-1")
        .build());
    NotFound retired = catchThrowableOfType(NotFound.class, () -> gate.generate(ImageRequest.builder("a fox")
        .model("azure/old").extra("base_model", "dall-e-2").build()));

    assertThat(sent).hasSize(1);
    assertThat(warnings).isEmpty();
    assertThat(retired.getMessage()).contains("2025-01-27");
  }

  @Test
  void theOperatorsCatalogueMovesADateChangesAPriceAndAddsAModel() throws Exception {
    Path file = dir.resolve("models.yaml");
    Files.writeString(file, """
        models:
          openai/dall-e-3:
            lifecycle: {shutdown_date: "2027-01-31"}
          openai/gpt-image-2:
            prices:
              per_token: {output_image: "0.00002"}
          openai/house-model:
            inherits: openai/gpt-image-2
            prices:
              per_image: {"*|*": "0.01"}
        """);
    ImageGate gate = gate(ImageGate.builder().catalog(file));

    ImageResponse dalle = gate.generate(ImageRequest.builder("a fox").model("dall-e-3").build());
    ImageResponse house = gate.generate(ImageRequest.builder("a fox").model("house-model").build());

    assertThat(dalle.deprecation()).contains("2027-01-31");
    assertThat(house.cost().usd()).contains(new java.math.BigDecimal("0.01"));
    assertThat(gate.catalog().pricing().find("openai", "gpt-image-2").orElseThrow().perToken().outputImage())
        .isEqualByComparingTo("0.00002");
    assertThat(gate.catalog().pricing().find("openai", "gpt-image-2").orElseThrow().perToken().inputText())
        .as("fields the operator did not name are kept").isEqualByComparingTo("0.000005");
  }

  @Test
  void aMalformedOperatorCatalogueNamesEveryProblemWithItsLine() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, """
        models:
          openai/gpt-image-2:
            n: {min: 3, max: 2}
            lifecycle: {shutdown_date: "next week"}
          no-slash:
            sizes: "1024x1024"
        """);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ImageGate.builder().catalog(file));

    assertThat(e.errors()).extracting(p -> p.line() + " " + p.key()).containsExactlyInAnyOrder(
        "3 models.openai/gpt-image-2.n", "4 models.openai/gpt-image-2.lifecycle.shutdown_date",
        "5 models.no-slash", "6 models.no-slash.sizes");
    assertThat(e.getMessage()).contains("broken.yaml:4").contains("YYYY-MM-DD");
  }
}
