package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.imagegate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, unchanged, pointed at the gateway. */
class OpenAiJavaClientTest {
  @TempDir
  static Path images;
  private static TestGateway gateway;
  private static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    gateway = new TestGateway(TestGateway.mockConfig("general_settings: {master_key: sk-master-abc}\n"), Map.of(),
        images, new MutableClock(Instant.parse("2026-11-25T00:00:00Z")));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.gateway.url() + "/v1").apiKey("sk-master-abc")
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close();
  }

  @Test
  void imagesGenerateReturnsBase64Images() {
    ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
        .model("mock/imagegate-demo").prompt("a lighthouse at dawn").n(2)
        .size(ImageGenerateParams.Size.of("64x64"))
        .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).user("customer-1").build());

    assertThat(response.data()).hasValueSatisfying(data -> {
      assertThat(data).hasSize(2);
      byte[] png = Base64.getDecoder().decode(data.get(0).b64Json().orElseThrow());
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    });
    assertThat(response.created()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z").getEpochSecond());
  }

  @Test
  void imagesGenerateReturnsUrlsTheGatewayServes() throws Exception {
    ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
        .model("mock/imagegate-demo").prompt("a lighthouse").size(ImageGenerateParams.Size.of("32x32"))
        .responseFormat(ImageGenerateParams.ResponseFormat.URL).build());

    String url = response.data().orElseThrow().get(0).url().orElseThrow();
    assertThat(gateway.getBytes(url).body()).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void errorsArriveAsTheSdksTypedExceptions() {
    NotFoundException missing = catchThrowableOfType(NotFoundException.class, () -> client.images().generate(
        ImageGenerateParams.builder().model("dall-e-3").prompt("x").build()));
    assertThat(missing.code()).contains("model_not_found");
    assertThat(missing.getMessage()).contains("mock/imagegate-demo");

    BadRequestException bad = catchThrowableOfType(BadRequestException.class, () -> client.images().generate(
        ImageGenerateParams.builder().model("mock/imagegate-demo").prompt("x").size(ImageGenerateParams.Size.of("0x0"))
            .build()));
    assertThat(bad.param()).contains("size");

    OpenAIClient stranger = OpenAIOkHttpClient.builder().baseUrl(gateway.gateway.url() + "/v1")
        .apiKey("sk-wrong").maxRetries(0).build();
    UnauthorizedException denied = catchThrowableOfType(UnauthorizedException.class,
        () -> stranger.images().generate(ImageGenerateParams.builder().model("mock/imagegate-demo").prompt("x")
            .build()));
    assertThat(denied.statusCode()).isEqualTo(401);
    stranger.close();
  }

  @Test
  void modelsListsTheGroups() {
    assertThat(client.models().list().data()).extracting(model -> model.id()).containsExactly("mock/imagegate-demo");
  }
}
