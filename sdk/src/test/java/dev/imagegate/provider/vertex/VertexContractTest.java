package dev.imagegate.provider.vertex;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.gemini.GoogleContract;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.imagegate.testing.Catalogs;

/**
 * Vertex AI against a local Vertex endpoint and a local Google token endpoint: the real service-account OAuth flow
 * (google-auth-library signs an RS256 assertion with a key made in the test; the endpoint checks it), then the whole
 * Google contract with the bearer token it issued.
 */
class VertexContractTest extends GoogleContract {
  private static final String PROJECT = "imagegate-test";

  @TempDir
  Path dir;
  FakeGoogleOAuth oauth;
  Path serviceAccount;

  @BeforeEach
  void startTokenEndpoint() {
    oauth = new FakeGoogleOAuth(PROJECT);
    serviceAccount = oauth.writeServiceAccount(dir);
  }

  @AfterEach
  void stopTokenEndpoint() {
    oauth.close();
  }

  @Override
  protected String provider() {
    return "vertex_ai";
  }

  @Override
  protected String expectedPath(String model, String method) {
    return path(PROJECT, "us-central1", model, method);
  }

  private static String path(String project, String location, String model, String method) {
    return "/v1/projects/" + project + "/locations/" + location + "/publishers/google/models/" + model + ":" + method;
  }

  @Override
  protected String base() {
    return server.url("/").toString();
  }

  @Override
  protected ImageGate gate() {
    return ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of("GOOGLE_APPLICATION_CREDENTIALS", serviceAccount.toString())))
        .build();
  }

  @Override
  protected ImageRequest.Builder request(String model, String base) {
    return ImageRequest.builder("a red bicycle").model("vertex_ai/" + model).apiBase(base);
  }

  @Override
  protected void assertAuthenticated(RecordedRequest recorded) {
    assertThat(recorded.getHeaders().get("Authorization")).startsWith("Bearer ya29.test-" + PROJECT + "-");
    assertThat(oauth.rejections()).isEmpty();
  }

  @Override
  protected List<String> secrets() {
    return List.of("ya29.", oauth.privateKeyBase64().substring(40, 80), "vertex_project", "vertex_location",
        "vertex_credentials");
  }

  @Test
  void serviceAccountFlowSignsAnAssertionTheTokenEndpointVerifiesAndSendsItsToken() throws Exception {
    enqueueImagen();

    gate().generate(request(IMAGEN).build());

    assertThat(oauth.rejections()).isEmpty();
    assertThat(oauth.tokensIssued()).isEqualTo(1);
    Map<String, JsonNode> claims = oauth.acceptedClaims().get(0);
    assertThat(claims.get("iss").asText()).isEqualTo("imagegate-test@" + PROJECT + ".iam.gserviceaccount.com");
    assertThat(claims.get("aud").asText()).isEqualTo(FakeGoogleOAuth.GOOGLE_AUDIENCE);
    assertThat(claims.get("scope").asText()).isEqualTo(VertexCredentials.SCOPE);
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(1));
    assertThat(recorded.getTarget()).isEqualTo(path(PROJECT, VertexProvider.DEFAULT_LOCATION, IMAGEN, "predict"));
  }

  @Test
  void projectAndLocationSettingsWinAndAreNeverForwarded() throws Exception {
    enqueueImagen();

    gate().generate(request(IMAGEN).extra("vertex_project", "explicit-project")
        .extra("vertex_location", "europe-west4").extra("vertex_credentials", serviceAccount.toString())
        .extra("negativePrompt", "blurry").build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo(path("explicit-project", "europe-west4", IMAGEN, "predict"));
    JsonNode body = body(recorded);
    assertThat(body.path("parameters").path("negativePrompt").asText()).isEqualTo("blurry");
  }

  @Test
  void projectAndLocationComeFromTheEnvironment() throws Exception {
    enqueueImagen();
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of("GOOGLE_APPLICATION_CREDENTIALS",
        serviceAccount.toString(), "VERTEXAI_PROJECT", "env-project", "VERTEXAI_LOCATION", "asia-northeast1")))
        .build();

    gate.generate(request(IMAGEN).build());

    assertThat(server.takeRequest().getTarget()).isEqualTo(path("env-project", "asia-northeast1", IMAGEN,
        "predict"));
  }

  @Test
  void vertexOnlyImagenParametersMatchTheGoldenBody() throws Exception {
    server.enqueue(json(200, "{\"predictions\":[{\"raiFilteredReason\":\"filtered\"},{\"bytesBase64Encoded\":\""
        + MockServers.PNG_1X1 + "\",\"mimeType\":\"image/png\"}]}"));

    gate().generate(request("imagen-3.0-generate-002").n(3).size("1024x1536").quality("standard")
        .extra("vertex_location", "us-central1").extra("negativePrompt", "text, watermark")
        .extra("includeRaiReason", true).extra("safetySetting", "block_medium_and_above")
        .extra("outputOptions", Map.of("mimeType", "image/jpeg")).extra("enhancePrompt", false).build());

    Fixtures.assertJsonMatches(body(server.takeRequest()), "providers/vertex/imagen-3-request.json");
  }

  @Test
  void geminiImageOnVertexPutsLabelsAtTheTopAndMatchesTheGoldenBody() throws Exception {
    enqueueGeminiImage();

    ImageResponse response = gate().generate(request("gemini-3-pro-image-preview").size("1024x1792")
        .quality("high").extra("vertex_project", PROJECT).extra("labels", Map.of("team", "imagegate")).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo(expectedPath("gemini-3-pro-image-preview", "generateContent"));
    Fixtures.assertJsonMatches(body(recorded), "providers/vertex/gemini-3-pro-image-request.json");
    assertThat(response.usage().outputTokens()).isEqualTo(1298);
  }

  @Test
  void globalLocationUsesTheGlobalHostAndOthersTheRegionalOne() {
    assertThat(VertexProvider.host(call(Map.of()), "global")).isEqualTo("https://aiplatform.googleapis.com");
    assertThat(VertexProvider.host(call(Map.of()), "europe-west4"))
        .isEqualTo("https://europe-west4-aiplatform.googleapis.com");
    assertThat(VertexProvider.location(call(Map.of()))).isEqualTo("us-central1");
  }

  @Test
  void theUsAndEuMultiRegionsUseTheirRepHosts() {
    assertThat(VertexProvider.host(call(Map.of()), "us")).isEqualTo("https://aiplatform.us.rep.googleapis.com");
    assertThat(VertexProvider.host(call(Map.of()), "eu")).isEqualTo("https://aiplatform.eu.rep.googleapis.com");
  }

  @Test
  void aLocationThatIsNotALocationIsRejected() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request(IMAGEN)
        .extra("vertex_location", "evil.example.com/x").build()));

    assertThat(e.param()).isEqualTo("vertex_location");
    assertThat(server.getRequestCount()).isZero();
  }

  private static ProviderCall call(Map<String, Object> extras) {
    ImageRequest request = ImageRequest.builder("p").model("vertex_ai/" + IMAGEN).extras(extras).build();
    return new ProviderCall(new ModelRef("vertex_ai", IMAGEN), request,
        Env.of(Map.of()), null, Clock.systemUTC());
  }
}