package dev.imagegate.provider.openai;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.Provider;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edit contract of an OpenAI-shaped provider against a local server: the multipart request on the wire (images
 * streamed from spooled files, exact Content-Length), the answer mapped like a generation, the error table, and bad
 * input refused with nothing sent.
 */
public abstract class OpenAiShapedEditContract {
  protected MockWebServer server;

  protected abstract Provider provider();

  /** The model name after the provider prefix. */
  protected abstract String model();

  protected abstract Map<String, String> env(String base);

  protected abstract String base();

  /** The path (and query) edits must go to. */
  protected abstract String editPath();

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  protected ImageResponse edit(ImageRequest request) {
    return transport() == null ? EditCalls.run(provider(), model(), request, env(base()))
        : EditCalls.run(provider(), model(), request, env(base()), transport());
  }

  /** Runs {@code request} for another {@code model} of this provider, over {@link #transport()}. */
  protected ImageResponse run(String otherModel, ImageRequest request, Map<String, String> env) {
    return transport() == null ? EditCalls.run(provider(), otherModel, request, env)
        : EditCalls.run(provider(), otherModel, request, env, transport());
  }

  /** The transport under test; null for the SDK's JDK transport. */
  protected dev.imagegate.provider.HttpTransport transport() {
    return null;
  }

  protected ImageRequest.Builder editRequest() {
    return ImageRequest.builder("put a hat on it").model(model()).operation(Operation.EDIT)
        .image(Inputs.spooled(Inputs.pngAlpha(64, 64), "cat.png"));
  }

  protected void enqueueSuccess() {
    server.enqueue(json(200, "{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
  }

  @Test
  void postsAMultipartEditWithTheImageStreamedFromItsFile() throws Exception {
    enqueueSuccess();
    byte[] png = Inputs.pngAlpha(64, 64);
    InputImage spooled = Inputs.spooled(png, "cat.png");

    ImageResponse response = edit(ImageRequest.builder("put a hat on it").model(model()).operation(Operation.EDIT)
        .image(spooled).n(1).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo(editPath());
    String contentType = recorded.getHeaders().get("Content-Type");
    assertThat(contentType).startsWith("multipart/form-data; boundary=");
    byte[] body = recorded.getBody().toByteArray();
    assertThat(recorded.getHeaders().get("Content-Length")).isEqualTo(String.valueOf(body.length));
    FormParts form = FormParts.parse(contentType, body);
    assertThat(form.text("prompt")).isEqualTo("put a hat on it");
    FormParts.Part image = form.first("image").orElseThrow();
    assertThat(image.filename()).isEqualTo("cat.png");
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.bytes()).isEqualTo(png);
    assertThat(response.data()).hasSize(1);
    assertThat(response.data().get(0).bytes()).startsWith(0x89, 'P', 'N', 'G');
  }

  static Stream<Arguments> errorTable() {
    return Stream.of(
        Arguments.of(400, "{\"error\":{\"message\":\"Invalid image\",\"type\":\"invalid_request_error\","
            + "\"param\":\"image\"}}", BadRequest.class),
        Arguments.of(400, "{\"error\":{\"message\":\"rejected by the safety system\",\"type\":"
            + "\"image_generation_user_error\",\"code\":\"content_policy_violation\"}}", ContentPolicyViolation.class),
        Arguments.of(401, "{\"error\":{\"message\":\"Incorrect API key\",\"code\":\"invalid_api_key\"}}",
            Authentication.class),
        Arguments.of(403, "{\"error\":{\"message\":\"Country not supported\"}}", PermissionDenied.class),
        Arguments.of(404, "{\"error\":{\"message\":\"not found\",\"code\":\"DeploymentNotFound\"}}", NotFound.class),
        Arguments.of(429, "{\"error\":{\"message\":\"Rate limit\",\"code\":\"rate_limit_exceeded\"}}",
            RateLimited.class),
        Arguments.of(500, "{\"error\":{\"message\":\"server error\",\"type\":\"server_error\"}}",
            UpstreamUnavailable.class),
        Arguments.of(503, "{\"error\":{\"message\":\"overloaded\"}}", UpstreamUnavailable.class));
  }

  @ParameterizedTest
  @MethodSource("errorTable")
  void editErrorsMapLikeGenerateErrors(int status, String body, Class<? extends Throwable> expected) {
    server.enqueue(json(status, body));

    Throwable thrown = catchThrowable(() -> edit(editRequest().build()));

    assertThat(thrown).isInstanceOf(expected);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void imageThatIsNotAnImageByItsBytesIsRefusedBeforeSending() {
    Throwable thrown = catchThrowable(() -> edit(ImageRequest.builder("x").model(model()).operation(Operation.EDIT)
        .image(InputImage.of("GIF89a not really".getBytes(), "looks.png")).build()));

    assertThat(thrown).isInstanceOf(BadRequest.class).hasMessageContaining("by its content");
    assertThat(((BadRequest) thrown).param()).isEqualTo("image");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void maskWithoutAnImageIsRefused() {
    Throwable thrown = catchThrowable(() -> ImageRequest.builder("x").model(model()).operation(Operation.EDIT)
        .mask(InputImage.of(Inputs.pngAlpha(8, 8))).build());

    assertThat(thrown).isInstanceOf(BadRequest.class);
    assertThat(((BadRequest) thrown).param()).isEqualTo("image");
  }
}
