package dev.imagegate.provider.azure;

import static dev.imagegate.testing.Fixtures.assertJsonMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ContentFilter;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.openai.OpenAiMapping;
import dev.imagegate.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureMappingTest {
  private static final String RESOURCE = "https://res.openai.azure.com";

  @Test
  void deploymentRouteCarriesTheVersionAndNoModel() {
    AzureMapping.Route route = AzureMapping.route(RESOURCE, "my-deploy", "2024-10-21");

    assertThat(route.uri()).hasToString(RESOURCE + "/openai/deployments/my-deploy/images/generations"
        + "?api-version=2024-10-21");
    assertThat(route.bodyModel()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "https://res.openai.azure.com/openai, 2024-10-21, "
          + "https://res.openai.azure.com/openai/deployments/d1/images/generations?api-version=2024-10-21, ",
      "https://res.openai.azure.com/openai/deployments/eu-images, 2024-10-21, "
          + "https://res.openai.azure.com/openai/deployments/eu-images/images/generations?api-version=2024-10-21, ",
      "https://res.openai.azure.com/openai/deployments/eu-images/images/generations?api-version=2024-02-01, "
          + "2025-04-01-preview, "
          + "https://res.openai.azure.com/openai/deployments/eu-images/images/generations?api-version=2024-02-01, ",
      "https://res.openai.azure.com, v1, https://res.openai.azure.com/openai/v1/images/generations, d1",
      "https://res.openai.azure.com, preview, "
          + "https://res.openai.azure.com/openai/v1/images/generations?api-version=preview, d1",
      "https://res.openai.azure.com/openai/v1, 2025-04-01-preview, "
          + "https://res.openai.azure.com/openai/v1/images/generations, d1",
  })
  void routes(String base, String version, String expectedUri, String expectedBodyModel) {
    AzureMapping.Route route = AzureMapping.route(base, "d1", version);

    assertThat(route.uri()).hasToString(expectedUri);
    assertThat(route.bodyModel()).isEqualTo(expectedBodyModel);
  }

  @ParameterizedTest
  @CsvSource({"2023-06-01-preview", "2023-10-01-preview", "2023-05-15"})
  void asyncEraVersionsAreRejectedNamingApiVersion(String version) {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> AzureMapping.route(RESOURCE, "d1", version));

    assertThat(e.param()).isEqualTo("api_version");
    assertThat(e.getMessage()).contains(version).contains("asynchronous").contains(AzureMapping.FIRST_SYNC_VERSION);
  }

  @Test
  void firstSynchronousVersionIsAccepted() {
    assertThat(AzureMapping.route(RESOURCE, "d1", "2023-12-01-preview").uri().getQuery())
        .isEqualTo("api-version=2023-12-01-preview");
  }

  @Test
  void defaultVersionServesDallE3AndGptImage1() {
    assertThat(AzureMapping.DEFAULT_API_VERSION).isEqualTo("2025-04-01-preview");
  }

  @Test
  void deploymentNamesOutsideAzuresAlphabetAreRejected() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> AzureMapping.route(RESOURCE, "my deploy?x=1",
        "2024-10-21"));

    assertThat(e.param()).isEqualTo("model");
    assertThat(e.getMessage()).contains("my deploy?x=1");
  }

  @Test
  void malformedVersionIsRejected() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> AzureMapping.route(RESOURCE, "d1", "2024&x=1"));

    assertThat(e.param()).isEqualTo("api_version");
  }

  @ParameterizedTest
  @CsvSource({
      "dall-e-3, my-deploy, dall-e-3",
      "azure/gpt-image-1, my-deploy, gpt-image-1",
      "openai/dall-e-2, gpt-image-1, dall-e-2",
      ", dall-e-3, dall-e-3",
      ", GPT-Image-1, gpt-image-1",
  })
  void baseModelFromTheSettingElseAKnownDeploymentName(String setting, String deployment, String expected) {
    assertThat(AzureMapping.baseModel(Optional.ofNullable(setting), deployment)).contains(expected);
  }

  @Test
  void unknownDeploymentHasNoBaseModel() {
    assertThat(AzureMapping.baseModel(Optional.empty(), "some-random-name")).isEmpty();
  }

  @Test
  void dallE3AnswerWithContentFilterFieldsMapsToOpenAiJson() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.json("providers/azure/dall-e-3-response.json"),
        "azure", "my-deploy", 0, null);

    assertThat(response.data().get(0).revisedPrompt()).startsWith("An oil painting");
    assertJsonMatches(Fixtures.tree(response.toOpenAiJson()), "providers/azure/dall-e-3-expected.json");
  }

  @Test
  void dallE3AnswerKeepsEveryContentFilterVerdictTyped() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.json("providers/azure/dall-e-3-response.json"),
        "azure", "my-deploy", 0, null);

    ContentFilter filter = response.contentFilter();
    assertThat(filter.images()).singleElement().satisfies(image -> {
      assertThat(image.content()).containsOnlyKeys("hate", "self_harm", "sexual", "violence")
          .containsEntry("sexual", new ContentFilter.Verdict(false, "safe", null));
      assertThat(image.prompt()).containsEntry("jailbreak", new ContentFilter.Verdict(false, null, false));
    });
    assertThat(filter.prompts()).singleElement().satisfies(prompt -> {
      assertThat(prompt.promptIndex()).isZero();
      assertThat(prompt.content()).containsEntry("hate", new ContentFilter.Verdict(false, "safe", null));
    });
    assertThat(filter.anyFiltered()).isFalse();
    assertThat(response.openAiFields()).isEmpty();
  }

  @Test
  void aFilteredVerdictAndAFilterErrorAreTold() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.tree("{\"created\":1,\"data\":[{\"b64_json\":\""
        + dev.imagegate.testing.MockServers.PNG_1X1 + "\",\"content_filter_results\":{\"violence\":{\"filtered\":true,"
        + "\"severity\":\"medium\"},\"error\":{\"code\":\"x\",\"message\":\"m\"}}},{\"b64_json\":\""
        + dev.imagegate.testing.MockServers.PNG_1X1 + "\"}],\"prompt_filter_results\":[{\"prompt_index\":0,"
        + "\"content_filter_results\":{\"custom_blocklists\":{\"filtered\":false,\"details\":[]}}}]}"),
        "azure", "my-deploy", 0, null);

    ContentFilter filter = response.contentFilter();
    assertThat(filter.anyFiltered()).isTrue();
    assertThat(filter.images()).hasSize(2);
    assertThat(filter.images().get(0).content()).containsOnlyKeys("violence", "error");
    assertThat(filter.images().get(1).content()).isEmpty();
    assertThat(filter.prompts().get(0).content()).containsEntry("custom_blocklists",
        new ContentFilter.Verdict(false, null, null));
  }

  @Test
  void answersWithoutVerdictsHaveNone() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.tree("{\"created\":1,\"data\":[{\"b64_json\":\""
        + dev.imagegate.testing.MockServers.PNG_1X1 + "\"}]}"), "openai", "gpt-image-2", 0, null);

    assertThat(response.contentFilter()).isEqualTo(ContentFilter.NONE);
    assertThat(response.toOpenAiJson()).doesNotContain("filter_results");
  }

  @Test
  void gptImageAnswerKeepsUsageAndOutputFields() {
    ImageResponse response = OpenAiMapping.fromResponse(Fixtures.json("providers/azure/gpt-image-1-response.json"),
        "azure", "gpt-image-1", 0, null);

    assertThat(response.usage().outputTokens()).isEqualTo(4160);
    assertJsonMatches(Fixtures.tree(response.toOpenAiJson()), "providers/azure/gpt-image-1-expected.json");
  }

  @ParameterizedTest
  @CsvSource({
      "content-policy-violation-error.json, true",
      "content-filter-innererror.json, true",
      "content-filter-legacy-error.json, false",
      "deployment-not-found-error.json, false",
  })
  void contentFilterVerdictIsFoundInEitherInnerErrorSpelling(String fixture, boolean filtered) {
    byte[] body = Fixtures.text("providers/azure/" + fixture).getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(AzureErrors.contentFiltered(body)).isEqualTo(filtered);
  }
}
