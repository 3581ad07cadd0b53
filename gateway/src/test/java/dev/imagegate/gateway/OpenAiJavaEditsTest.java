package dev.imagegate.gateway;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageCreateVariationParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImagesResponse;
import dev.imagegate.testing.FormParts;
import dev.imagegate.testing.Inputs;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK's images().edit(...) and createVariation(...), unchanged, against the gateway. */
class OpenAiJavaEditsTest {
  @TempDir
  static Path images;
  @TempDir
  static Path files;
  private static MockWebServer upstream;
  private static TestGateway gateway;
  private static OpenAIClient client;

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
        general_settings: {master_key: sk-master-abc}
        """.formatted(upstream.url("/v1"), upstream.url("/v1"));
    gateway = new TestGateway(yaml, Map.of(), images, new MutableClock(Instant.parse("2026-12-07T00:00:00Z")));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.gateway.url() + "/v1").apiKey("sk-master-abc")
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close();
    upstream.close();
  }

  private static void answerOnce() {
    upstream.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}"));
  }

  private static FormParts sent() throws InterruptedException {
    RecordedRequest request = upstream.takeRequest();
    return FormParts.parse(request.getHeaders().get("Content-Type"), request.getBody().toByteArray());
  }

  @Test
  void editWithOneImageFromAFile() throws Exception {
    answerOnce();
    Path cat = files.resolve("cat.png");
    Files.write(cat, Inputs.pngAlpha(32, 32));
    ImagesResponse response = client.images().edit(ImageEditParams.builder().model("gpt-image-1")
        .prompt("add a red hat").image(cat).build());

    assertThat(response.data().orElseThrow().get(0).b64Json()).contains(MockServers.PNG_1X1);
    FormParts form = sent();
    assertThat(form.all("image").size() + form.all("image[]").size()).isEqualTo(1);
    assertThat(form.text("prompt")).isEqualTo("add a red hat");
  }

  @Test
  void editWithSeveralImages() throws Exception {
    answerOnce();
    byte[] one = Inputs.pngAlpha(16, 16);
    byte[] two = Inputs.jpeg(24, 24);
    client.images().edit(ImageEditParams.builder().model("gpt-image-1").prompt("a gift basket of these")
        .image(ImageEditParams.Image.ofInputStreams(List.of(new ByteArrayInputStream(one),
            new ByteArrayInputStream(two)))).n(1).build());

    FormParts form = sent();
    List<FormParts.Part> sentImages = form.all("image[]").isEmpty() ? form.all("image") : form.all("image[]");
    assertThat(sentImages).extracting(FormParts.Part::bytes).containsExactly(one, two);
  }

  @Test
  void editWithAMask() throws Exception {
    answerOnce();
    byte[] mask = Inputs.pngAlpha(32, 32);
    client.images().edit(ImageEditParams.builder().model("gpt-image-1").prompt("a pool")
        .image(Inputs.pngAlpha(32, 32)).mask(mask).build());

    assertThat(sent().first("mask").orElseThrow().bytes()).isEqualTo(mask);
  }

  @Test
  void createVariation() throws Exception {
    answerOnce();
    ImagesResponse response = client.images().createVariation(ImageCreateVariationParams.builder()
        .model("dall-e-2").image(Inputs.pngOpaque(16, 16)).n(1)
        .size(ImageCreateVariationParams.Size._256X256).build());

    assertThat(response.data().orElseThrow()).hasSize(1);
    RecordedRequest request = upstream.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/images/variations");
  }

  @Test
  void badEditsArriveAsTheSdksTypedExceptions() {
    BadRequestException bad = catchThrowableOfType(BadRequestException.class, () -> client.images().edit(
        ImageEditParams.builder().model("gpt-image-1").prompt("x").image(Inputs.pngAlpha(8, 8))
            .mask(Inputs.pngOpaque(8, 8)).build()));
    assertThat(bad.param()).contains("mask");
  }
}
