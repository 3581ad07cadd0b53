package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad edit or variation gets its status and an OpenAI-shaped error naming the parameter; none reaches the
 * provider, none leaves a spend row, none leaves a spooled file behind.
 */
class GatewayEditsBadInputTest {
  private static final String KEY = "sk-master-bad-edits";
  @TempDir
  static Path images;
  @TempDir
  static Path spool;
  private static MockWebServer upstream;
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    String yaml = """
        model_list:
          - model_name: gpt-image-1
            litellm_params: {model: openai/gpt-image-1, api_base: %s, api_key: sk-upstream}
          - model_name: dall-e-2
            litellm_params: {model: openai/dall-e-2, api_base: %s, api_key: sk-upstream}
        general_settings:
          master_key: %s
          upload_dir: %s
          upload_spool_threshold_kb: 1
          max_upload_file_mb: 0.05
          max_request_size_mb: 0.2
        """.formatted(upstream.url("/v1"), upstream.url("/v1"), KEY, spool);
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-12-07T00:00:00Z")));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.gateway.accounts().writer().flush();
    JsonNode rows = TestGateway.json(gateway.get("/spend/logs", "Authorization", "Bearer " + KEY));
    gateway.close();
    assertThat(rows).as("spend rows of rejected requests").isEmpty();
    assertThat(upstream.getRequestCount()).as("requests that reached the provider").isZero();
    upstream.close();
    try (Stream<Path> files = Files.list(spool)) {
      assertThat(files.toList()).as("spooled uploads left behind").isEmpty();
    }
  }

  private static FormBody edit() {
    return new FormBody().field("model", "gpt-image-1").field("prompt", "a hat");
  }

  private static void assertError(HttpResponse<String> response, int status, String param, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = TestGateway.json(response).path("error");
    assertThat(error.path("param").isNull() ? null : error.path("param").asText()).isEqualTo(param);
    assertThat(error.path("message").asText()).contains(message);
    assertThat(error.path("type").asText()).isNotBlank();
  }

  @Test
  void missingImage() throws Exception {
    assertError(edit().post(gateway, "/v1/images/edits", KEY), 400, "image", "image is required");
  }

  @Test
  void maskWithoutImage() throws Exception {
    assertError(edit().png("mask", Inputs.pngAlpha(8, 8)).post(gateway, "/v1/images/edits", KEY), 400, "image",
        "image is required");
  }

  @Test
  void moreFilesThanAllowed() throws Exception {
    FormBody form = edit();
    for (int i = 0; i < 17; i++) {
      form.png("image[]", Inputs.pngAlpha(4, 4));
    }
    assertError(form.post(gateway, "/v1/images/edits", KEY), 400, "image", "at most 16");
  }

  @Test
  void fileOverTheLimitIs413() throws Exception {
    byte[] large = new byte[60 * 1024];
    System.arraycopy(Inputs.pngAlpha(8, 8), 0, large, 0, 20);
    HttpResponse<String> response = edit().png("image", large).post(gateway, "/v1/images/edits", KEY);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(TestGateway.json(response).path("error").path("message").asText()).contains("52428 bytes per file");
  }

  @Test
  void fileThatIsNotAnImageByItsBytesWhateverItsNameAndType() throws Exception {
    byte[] text = "just some text, not a picture".getBytes(StandardCharsets.UTF_8);
    assertError(edit().file("image", "cat.png", "image/png", text).post(gateway, "/v1/images/edits", KEY), 400,
        "image", "is not a PNG, JPEG or WEBP image by its content");
    assertError(edit().file("image", "cat.png", "image/png", Inputs.pngAlpha(8, 8))
        .file("mask", "m.png", "image/png", new byte[] {'G', 'I', 'F', '8', '9', 'a', 0, 0})
        .post(gateway, "/v1/images/edits", KEY), 400, "mask", "not a PNG, JPEG or WEBP image");
  }

  @Test
  void maskThatIsNotAPngWithAlpha() throws Exception {
    assertError(edit().png("image", Inputs.pngAlpha(8, 8)).png("mask", Inputs.pngOpaque(8, 8))
        .post(gateway, "/v1/images/edits", KEY), 400, "mask", "alpha");
    assertError(edit().png("image", Inputs.pngAlpha(8, 8)).file("mask", "m.jpg", "image/jpeg", Inputs.jpeg(8, 8))
        .post(gateway, "/v1/images/edits", KEY), 400, "mask", "PNG with an alpha channel");
  }

  @Test
  void maskOfAnotherSizeThanTheFirstImage() throws Exception {
    assertError(edit().png("image", Inputs.pngAlpha(8, 8)).png("mask", Inputs.pngAlpha(16, 16))
        .post(gateway, "/v1/images/edits", KEY), 400, "mask", "same size as the first image");
  }

  @Test
  void nSizeAndQualityOutsideTheModelsEditCapabilities() throws Exception {
    assertError(edit().png("image", Inputs.pngAlpha(8, 8)).field("n", "11").post(gateway, "/v1/images/edits", KEY),
        400, "n", "Invalid n 11");
    assertError(edit().png("image", Inputs.pngAlpha(8, 8)).field("n", "two").post(gateway, "/v1/images/edits", KEY),
        400, "n", "expected an integer");
    assertError(edit().png("image", Inputs.pngAlpha(8, 8)).field("size", "300x300")
        .post(gateway, "/v1/images/edits", KEY), 400, "size", "300x300");
    assertError(edit().png("image", Inputs.pngAlpha(8, 8)).field("quality", "ultra")
        .post(gateway, "/v1/images/edits", KEY), 400, "quality", "ultra");
  }

  @Test
  void dallE2TakesOneSquarePngOnly() throws Exception {
    assertError(new FormBody().field("model", "dall-e-2").field("prompt", "x").png("image", Inputs.pngAlpha(8, 4))
        .post(gateway, "/v1/images/edits", KEY), 400, "image", "square");
    assertError(new FormBody().field("model", "dall-e-2").file("image", "a.jpg", "image/jpeg", Inputs.jpeg(8, 8))
        .post(gateway, "/v1/images/variations", KEY), 400, "image", "png");
  }

  @Test
  void nonMultipartBodyWithAMultipartContentType() throws Exception {
    assertError(FormBody.send(gateway, "/v1/images/edits", KEY, FormBody.contentType(),
        "{\"model\":\"gpt-image-1\",\"prompt\":\"x\"}".getBytes(StandardCharsets.UTF_8)), 400, null, "multipart");
    assertError(FormBody.send(gateway, "/v1/images/edits", KEY, "multipart/form-data",
        edit().bytes()), 400, null, "boundary");
  }

  @Test
  void truncatedMultipartBody() throws Exception {
    byte[] body = edit().png("image", Inputs.pngOpaque(64, 64)).truncated();
    assertError(FormBody.send(gateway, "/v1/images/edits", KEY, FormBody.contentType(), body), 400, null,
        "ended before its closing boundary");
  }

  @Test
  void jsonEditsTakeDataUrlsOnly() throws Exception {
    assertError(gateway.post("/v1/images/edits", "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"images\":"
        + "[{\"image_url\":\"https://example.com/cat.png\"}]}", "Authorization", "Bearer " + KEY), 400, "images",
        "does not fetch remote URLs");
    assertError(gateway.post("/v1/images/edits", "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"images\":"
        + "[{\"file_id\":\"file-123\"}]}", "Authorization", "Bearer " + KEY), 400, "images", "file_id");
    assertError(gateway.post("/v1/images/edits", "{\"model\":\"gpt-image-1\",\"prompt\":\"x\"}",
        "Authorization", "Bearer " + KEY), 400, "images", "images is required");
    String notImage = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
    assertError(gateway.post("/v1/images/edits", "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"images\":"
        + "[{\"image_url\":\"data:image/png;base64," + notImage + "\"}]}", "Authorization", "Bearer " + KEY), 400,
        "images", "not a PNG, JPEG or WEBP");
    assertError(gateway.post("/v1/images/variations", "{\"model\":\"dall-e-2\"}", "Authorization", "Bearer " + KEY),
        400, null, "multipart/form-data");
  }

  @Test
  void unauthenticatedUploadsAreRefusedBeforeTheBodyIsRead() throws Exception {
    HttpResponse<String> response = edit().png("image", Inputs.pngAlpha(8, 8)).post(gateway, "/v1/images/edits",
        "sk-wrong");
    assertThat(response.statusCode()).isEqualTo(401);
  }
}
