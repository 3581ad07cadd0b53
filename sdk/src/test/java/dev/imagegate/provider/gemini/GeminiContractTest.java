package dev.imagegate.provider.gemini;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Env;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import dev.imagegate.testing.Catalogs;

class GeminiContractTest extends GoogleContract {
  private static final String KEY = "AIzaSy-test-key-0123456789";

  @Override
  protected String provider() {
    return "gemini";
  }

  @Override
  protected String expectedPath(String model, String method) {
    return "/v1beta/models/" + model + ":" + method;
  }

  @Override
  protected String base() {
    return server.url("/v1beta").toString();
  }

  @Override
  protected ImageGate gate() {
    return ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(Map.of("GEMINI_API_KEY", KEY))).build();
  }

  @Override
  protected ImageRequest.Builder request(String model, String base) {
    return ImageRequest.builder("a red bicycle").model("gemini/" + model).apiBase(base);
  }

  @Override
  protected void assertAuthenticated(RecordedRequest recorded) {
    assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
    assertThat(recorded.getTarget()).doesNotContain("key=");
  }

  @Override
  protected List<String> secrets() {
    return List.of(KEY);
  }

  @Test
  void theDefaultBaseIsTheGeminiApi() {
    assertThat(GeminiProvider.DEFAULT_BASE).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
  }

  @Test
  void baseAndKeyComeFromTheEnvironment() throws Exception {
    enqueueImagen();
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of("GOOGLE_API_KEY", "AIza-other",
        "GEMINI_API_BASE", server.url("/custom/v1beta/").toString()))).build();

    gate.generate(ImageRequest.builder("a red bicycle").model("gemini/" + IMAGEN).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/custom/v1beta/models/" + IMAGEN + ":predict");
    assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-other");
  }

  @Test
  void missingKeyIsAuthenticationNamingTheEnvVarBeforeSending() {
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(Map.of())).build();

    Authentication e = catchThrowableOfType(Authentication.class,
        () -> gate.generate(request(IMAGEN).build()));

    assertThat(e.getMessage()).contains("GEMINI_API_KEY");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void invalidKeyAnsweredWith400IsAuthentication() {
    server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API "
        + "key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc."
        + "ErrorInfo\",\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}"));

    Authentication e = fail(Authentication.class);

    assertThat(e.getMessage()).contains("API key not valid");
    assertThat(e.upstreamStatus()).contains(400);
  }

  /** google.md marks sampleImageSize on the Gemini API UNCONFIRMED: this pins what the switch does. */
  @Test
  void imagen4HdQualityFollowsTheUnconfirmedSampleImageSizeSwitch() throws Exception {
    ImageRequest hd = request(IMAGEN).quality("hd").build();
    if (GoogleModel.GEMINI_API_TAKES_SAMPLE_IMAGE_SIZE) {
      enqueueImagen();
      gate().generate(hd);
      JsonNode body = body(server.takeRequest());
      assertThat(body.path("parameters").path("sampleImageSize").asText()).isEqualTo("2K");
    } else {
      BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(hd));
      assertThat(e.param()).isEqualTo("quality");
    }
  }

  @Test
  void geminiProImageMapsHdToFourK() throws Exception {
    enqueueGeminiImage();

    ImageResponse response = gate().generate(request("gemini-3-pro-image-preview").quality("hd").size("16:9")
        .build());

    JsonNode imageConfig = body(server.takeRequest()).path("generationConfig").path("imageConfig");
    assertThat(imageConfig.path("imageSize").asText()).isEqualTo("4K");
    assertThat(imageConfig.path("aspectRatio").asText()).isEqualTo("16:9");
    // 9 input tokens at $2/M plus 1298 output tokens at $120/M
    assertThat(response.cost().usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.155778"));
  }
}
