package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImageGenCompletedEvent;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK's streaming image API ({@code images().generateStreaming} and {@code editStreaming}),
 * unchanged, against the gateway: with a provider that cannot stream (mock: completed events only) and one that
 * streams (the test painter: partial images first).
 */
class OpenAiJavaStreamingTest {
  private static final String KEY = "sk-master-openai-stream";
  @TempDir
  static Path images;
  private static TestGateway gateway;
  private static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    String yaml = """
        model_list:
          - model_name: painter
            litellm_params: {model: streamtest/painter}
          - model_name: mock/imagegate-demo
            litellm_params: {model: mock/imagegate-demo}
        router_settings: {num_retries: 0}
        general_settings: {master_key: %s}
        """.formatted(KEY);
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-12-07T00:00:00Z")),
        ProviderRegistry.standard().with(new PaintingStreamProvider()));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.gateway.url() + "/v1").apiKey(KEY).maxRetries(0).build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close();
  }

  private static List<ImageGenStreamEvent> generate(ImageGenerateParams params) {
    try (StreamResponse<ImageGenStreamEvent> stream = client.images().generateStreaming(params)) {
      return new ArrayList<>(stream.stream().toList());
    }
  }

  @Test
  void generateStreamingFromAProviderThatCannotStreamGetsTheCompletedImage() {
    List<ImageGenStreamEvent> events = generate(ImageGenerateParams.builder().model("mock/imagegate-demo")
        .prompt("a lighthouse").size(ImageGenerateParams.Size.of("48x48")).partialImages(2L).build());

    assertThat(events).hasSize(1);
    ImageGenCompletedEvent completed = events.get(0).asGenerationCompleted();
    assertThat(Base64.getDecoder().decode(completed.b64Json())).startsWith(0x89, 'P', 'N', 'G');
    assertThat(completed.size().asString()).isEqualTo("48x48");
    assertThat(completed.outputFormat()).isEqualTo(ImageGenCompletedEvent.OutputFormat.PNG);
    assertThat(completed.usage().totalTokens()).isZero();
    assertThat(completed.createdAt()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z").getEpochSecond());
  }

  @Test
  void generateStreamingFromAProviderThatStreamsGetsThePartialImagesFirst() {
    List<ImageGenStreamEvent> events = generate(ImageGenerateParams.builder().model("painter")
        .prompt("a harbour").partialImages(2L).build());

    assertThat(events).hasSize(3);
    assertThat(events.get(0).asGenerationPartialImage().partialImageIndex()).isZero();
    assertThat(events.get(1).asGenerationPartialImage().partialImageIndex()).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(events.get(1).asGenerationPartialImage().b64Json()))
        .isEqualTo(Inputs.pngOpaque(8, 8));
    ImageGenCompletedEvent completed = events.get(2).asGenerationCompleted();
    assertThat(completed.usage().outputTokens()).isEqualTo(PaintingStreamProvider.OUTPUT_TOKENS);
    assertThat(completed.usage().inputTokensDetails().textTokens()).isEqualTo(PaintingStreamProvider.INPUT_TOKENS);
    assertThat(completed.quality()).isEqualTo(ImageGenCompletedEvent.Quality.LOW);
  }

  @Test
  void editStreamingGetsImageEditEvents() {
    List<ImageEditStreamEvent> events;
    try (StreamResponse<ImageEditStreamEvent> stream = client.images().editStreaming(ImageEditParams.builder()
        .model("painter").prompt("add a red hat").image(Inputs.pngAlpha(16, 16)).partialImages(1L).build())) {
      events = stream.stream().toList();
    }

    assertThat(events).hasSize(2);
    assertThat(events.get(0).asPartialImage().partialImageIndex()).isZero();
    assertThat(events.get(1).asCompleted().usage().outputTokens()).isEqualTo(PaintingStreamProvider.OUTPUT_TOKENS);
  }

  @Test
  void editStreamingFromAProviderThatCannotStream() {
    List<ImageEditStreamEvent> events;
    try (StreamResponse<ImageEditStreamEvent> stream = client.images().editStreaming(ImageEditParams.builder()
        .model("mock/imagegate-demo").prompt("add a red hat").image(Inputs.pngAlpha(16, 16)).build())) {
      events = stream.stream().toList();
    }

    assertThat(events).hasSize(1);
    assertThat(Base64.getDecoder().decode(events.get(0).asCompleted().b64Json())).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void anErrorBeforeTheStreamIsTheSdksTypedException() {
    Throwable failure = catchThrowable(() -> generate(ImageGenerateParams.builder().model("dall-e-9")
        .prompt("x").build()));
    assertThat(failure).isInstanceOf(NotFoundException.class);
  }

  @Test
  void anErrorEventEndsTheStreamWithAnExceptionCarryingItsMessage() {
    List<ImageGenStreamEvent> seen = new ArrayList<>();
    Throwable failure;
    try (StreamResponse<ImageGenStreamEvent> stream = client.images().generateStreaming(ImageGenerateParams
        .builder().model("painter").prompt("fail-after-partial").partialImages(2L).build())) {
      failure = catchThrowable(() -> stream.stream().forEach(seen::add));
    }

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).isGenerationPartialImage()).isTrue();
    assertThat(failure).isNotNull().hasMessageContaining("the painter dropped its brush");
  }
}
