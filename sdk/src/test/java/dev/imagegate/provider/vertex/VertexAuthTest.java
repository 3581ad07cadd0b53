package dev.imagegate.provider.vertex;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.auth.oauth2.GoogleCredentials;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.Json;
import dev.imagegate.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.imagegate.testing.Catalogs;

/**
 * How Vertex AI gets its Google credentials and tokens, against a local token endpoint that verifies each RS256
 * assertion: the sources ({@code vertex_credentials} as a path, JSON text or object, GOOGLE_APPLICATION_CREDENTIALS,
 * Application Default Credentials), one cached credential and token per source, and what each failure becomes.
 */
class VertexAuthTest {
  private static final String IMAGEN = "imagen-4.0-generate-001";
  private static final String FLASH = "gemini-2.5-flash-image";

  @TempDir
  Path dir;
  MockWebServer server;
  FakeGoogleOAuth oauth;
  Path serviceAccount;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    oauth = new FakeGoogleOAuth("imagegate-test");
    serviceAccount = oauth.writeServiceAccount(dir);
  }

  @AfterEach
  void stop() {
    server.close();
    oauth.close();
  }

  private ImageGate gate() {
    return ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of("GOOGLE_APPLICATION_CREDENTIALS", serviceAccount.toString())))
        .build();
  }

  private ImageRequest.Builder request(String model) {
    return ImageRequest.builder("a red bicycle").model("vertex_ai/" + model).apiBase(server.url("/").toString());
  }

  private void enqueueImagen() {
    server.enqueue(json(200, Fixtures.text("providers/gemini/imagen-response.json")));
  }

  private void enqueueGeminiImage() {
    server.enqueue(json(200, Fixtures.text("providers/gemini/gemini-image-response.json")));
  }

  private static String path(String project, String location, String model, String method) {
    return "/v1/projects/" + project + "/locations/" + location + "/publishers/google/models/" + model + ":" + method;
  }

  @Test
  void theTokenIsCachedAndReusedAcrossCalls() throws Exception {
    ImageGate gate = gate();
    for (int i = 0; i < 3; i++) {
      enqueueGeminiImage();
    }

    gate.generate(request(FLASH).n(2).build());
    gate.generate(request(FLASH).build());

    assertThat(oauth.tokensIssued()).isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(1));
    }
  }

  @Test
  void concurrentFirstCallsShareOneCredentialAndOneToken() {
    ImageGate gate = gate();
    int calls = 8;
    for (int i = 0; i < calls; i++) {
      enqueueImagen();
    }

    List<CompletableFuture<ImageResponse>> futures = IntStream.range(0, calls)
        .mapToObj(i -> gate.generateAsync(request(IMAGEN).build())).toList();
    futures.forEach(CompletableFuture::join);

    assertThat(oauth.tokensIssued()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(calls);
  }

  @Test
  void eachDistinctCredentialGetsItsOwnCachedToken() throws Exception {
    try (FakeGoogleOAuth other = new FakeGoogleOAuth("other-project")) {
      ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(Map.of())).build();
      String mine = oauth.serviceAccountJson();
      String theirs = other.serviceAccountJson();
      for (int i = 0; i < 3; i++) {
        enqueueImagen();
      }

      gate.generate(request(IMAGEN).extra("vertex_credentials", mine).build());
      gate.generate(request(IMAGEN).extra("vertex_credentials", theirs).build());
      gate.generate(request(IMAGEN).extra("vertex_credentials", mine).build());

      assertThat(oauth.tokensIssued()).isEqualTo(1);
      assertThat(other.tokensIssued()).isEqualTo(1);
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(1));
      RecordedRequest second = server.takeRequest();
      assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer " + other.token(1));
      assertThat(second.getTarget()).isEqualTo(path("other-project", "us-central1", IMAGEN, "predict"));
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(1));
    }
  }

  @Test
  void credentialsMayBeAFilePathOrAJsonObject() throws Exception {
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES).env(Env.of(Map.of())).build();
    enqueueImagen();
    enqueueImagen();

    gate.generate(request(IMAGEN).extra("vertex_credentials", serviceAccount.toString()).build());
    Map<?, ?> object = Json.MAPPER.readValue(oauth.serviceAccountJson(), Map.class);
    gate.generate(request(IMAGEN).extra("vertex_credentials", object).build());

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(1));
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(2));
    assertThat(oauth.rejections()).isEmpty();
  }

  @Test
  void aKeyTheTokenEndpointDoesNotKnowIsAuthenticationWithoutLeakingIt() {
    String foreign = oauth.serviceAccountJsonWithForeignKey();

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate().generate(request(IMAGEN)
        .extra("vertex_credentials", foreign).build()));

    assertThat(e.getMessage()).contains("invalid_grant").contains("Invalid JWT Signature");
    assertThat(e.getMessage()).doesNotContain("PRIVATE KEY").doesNotContain("assertion=");
    assertThat(oauth.rejections()).containsExactly("Invalid JWT Signature.");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aTokenEndpointThatIsDownIsUpstreamUnavailable() {
    oauth.failWith(json(503, "{\"error\":\"temporarily_unavailable\"}"));

    UpstreamUnavailable e = catchThrowableOfType(UpstreamUnavailable.class,
        () -> gate().generate(request(IMAGEN).build()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("access token");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void withoutAnyCredentialsApplicationDefaultCredentialsAreUsed() throws Exception {
    enqueueImagen();
    VertexProvider provider = new VertexProvider(new VertexCredentials(
        () -> GoogleCredentials.fromStream(
            new ByteArrayInputStream(oauth.serviceAccountJson().getBytes(StandardCharsets.UTF_8)))));
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of())).provider(provider).build();

    gate.generate(request(IMAGEN).build());

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + oauth.token(1));
  }

  @Test
  void noCredentialsAnywhereIsAuthenticationSayingWhatToSet() {
    VertexProvider provider = new VertexProvider(new VertexCredentials(() -> {
      throw new IOException("Your default credentials were not found.");
    }));
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .env(Env.of(Map.of())).provider(provider).build();

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate.generate(request(IMAGEN).build()));

    assertThat(e.getMessage()).contains("vertex_credentials").contains("GOOGLE_APPLICATION_CREDENTIALS")
        .contains("gcloud auth application-default login");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unreadableOrInvalidCredentialsAreBadRequestNamingTheSetting() {
    BadRequest missing = catchThrowableOfType(BadRequest.class, () -> gate().generate(request(IMAGEN)
        .extra("vertex_credentials", dir.resolve("nope.json").toString()).build()));
    BadRequest invalid = catchThrowableOfType(BadRequest.class, () -> gate().generate(request(IMAGEN)
        .extra("vertex_credentials", "{\"type\":\"service_account\",\"client_email\":\"x@y\"}").build()));

    assertThat(missing.param()).isEqualTo("vertex_credentials");
    assertThat(missing.getMessage()).contains("nope.json").contains("no readable file");
    assertThat(invalid.param()).isEqualTo("vertex_credentials");
    assertThat(invalid.getMessage()).contains("inline JSON");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void credentialsWithoutProjectNeedVertexProject() {
    try (FakeGoogleOAuth noProject = new FakeGoogleOAuth(null)) {
      BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request(IMAGEN)
          .extra("vertex_credentials", noProject.serviceAccountJson()).build()));

      assertThat(e.param()).isEqualTo("vertex_project");
      assertThat(e.getMessage()).contains("VERTEXAI_PROJECT");
      assertThat(noProject.tokensIssued()).isZero();
    }
  }
}
