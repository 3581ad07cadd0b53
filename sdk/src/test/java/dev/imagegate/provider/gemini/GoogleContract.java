package dev.imagegate.provider.gemini;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.NotFound;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The contract both Google front doors meet against a local server speaking Google's protocol: Imagen
 * {@code :predict} and Gemini {@code :generateContent} on the wire, the cost of what came back, parameters rejected
 * before sending, and (inherited) the whole error table. Subclasses say where the endpoint is and how calls
 * authenticate.
 */
public abstract class GoogleContract extends GoogleErrorTable {
  @Test
  void imagenPostsPredictWithSampleCountRatioAndExtrasInParameters() throws Exception {
    enqueueImagen();

    ImageResponse response = gate().generate(request(IMAGEN).n(2).size("1792x1024")
        .extra("personGeneration", "allow_adult").extra("seed", 42).extra("addWatermark", false).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo(expectedPath(IMAGEN, "predict"));
    assertAuthenticated(recorded);
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = body(recorded);
    assertThat(body.path("instances").get(0).path("prompt").asText()).isEqualTo("a red bicycle");
    JsonNode parameters = body.path("parameters");
    assertThat(parameters.path("sampleCount").asInt()).isEqualTo(2);
    assertThat(parameters.path("aspectRatio").asText()).isEqualTo("16:9");
    assertThat(parameters.path("personGeneration").asText()).isEqualTo("allow_adult");
    assertThat(parameters.path("seed").asInt()).isEqualTo(42);
    assertThat(parameters.path("addWatermark").asBoolean(true)).isFalse();
    assertThat(response.data()).hasSize(2);
    assertThat(response.bytes(0)).startsWith(0x89, 'P', 'N', 'G');
    assertThat(response.data().get(0).revisedPrompt()).startsWith("An oil painting");
    assertThat(response.provider()).isEqualTo(provider());
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.08"));
  }

  @Test
  void imagen4CostsExactlyFourCentsPerImage() {
    server.enqueue(json(200, "{\"predictions\":[{\"bytesBase64Encoded\":\"" + MockServers.PNG_1X1
        + "\",\"mimeType\":\"image/png\"}]}"));

    ImageResponse response = gate().generate(request(IMAGEN).build());

    assertThat(response.cost().source()).isEqualTo(Cost.Source.TABLE);
    assertThat(response.cost().usd()).contains(new java.math.BigDecimal("0.04"));
  }

  @Test
  void geminiImageModelsServeNWithParallelCallsAndSumTheirUsage() throws Exception {
    enqueueGeminiImage();
    enqueueGeminiImage();

    ImageResponse response = gate().generate(request(FLASH).n(2).size("1536x1024").build());

    assertThat(server.getRequestCount()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      RecordedRequest recorded = server.takeRequest();
      assertThat(recorded.getTarget()).isEqualTo(expectedPath(FLASH, "generateContent"));
      assertAuthenticated(recorded);
      JsonNode body = body(recorded);
      assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText()).isEqualTo("a red bicycle");
      assertThat(body.path("generationConfig").path("responseModalities").toString())
          .isEqualTo("[\"TEXT\",\"IMAGE\"]");
      assertThat(body.path("generationConfig").path("imageConfig").path("aspectRatio").asText()).isEqualTo("3:2");
    }
    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(1).revisedPrompt()).isEqualTo("Here is your lighthouse at dawn.");
    assertThat(response.usage().inputTokens()).isEqualTo(18);
    assertThat(response.usage().outputTokens()).isEqualTo(2596);
    assertThat(response.usage().totalTokens()).isEqualTo(2614);
    // 18 input tokens at $0.30/M plus 2596 output tokens at $30/M
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.0778854"));
  }

  @Test
  void urlResponseFormatIsServedFromTheBase64() {
    enqueueGeminiImage();

    ImageResponse response = gate().generate(request(FLASH).responseFormat("url").build());

    assertThat(response.data().get(0).url()).startsWith("data:image/png;base64,");
    assertThat(response.bytes()).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void partlyFilteredAnswerKeepsTheImagesThatCame() {
    server.enqueue(json(200, Fixtures.text("providers/gemini/imagen-partly-filtered-response.json")));

    ImageResponse response = gate().generate(request(IMAGEN).n(2).build());

    assertThat(response.data()).hasSize(1);
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.04"));
  }

  @Test
  void moreThanFourImagenImagesIsRejectedBeforeSending() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request(IMAGEN).n(5).build()));

    assertThat(e.param()).isEqualTo("n");
    assertThat(e.getMessage()).contains("1..4");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unsupportedPortableParametersAreRejectedNamingThem() {
    BadRequest style = catchThrowableOfType(BadRequest.class,
        () -> gate().generate(request(IMAGEN).style("vivid").build()));
    BadRequest quality = catchThrowableOfType(BadRequest.class,
        () -> gate().generate(request(FLASH).quality("hd").build()));
    BadRequest user = catchThrowableOfType(BadRequest.class,
        () -> gate().generate(request(IMAGEN).user("user-1").build()));

    assertThat(style.param()).isEqualTo("style");
    assertThat(quality.param()).isEqualTo("quality");
    assertThat(quality.getMessage()).contains("auto, standard");
    assertThat(user.param()).isEqualTo("user");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unknownModelIsNotFoundNamingBothFamiliesBeforeSending() {
    NotFound e = catchThrowableOfType(NotFound.class,
        () -> gate().generate(request("gemini-2.5-pro").build()));

    assertThat(e.getMessage()).contains("imagen-*").contains("gemini-*-image*");
    assertThat(server.getRequestCount()).isZero();
  }
}
