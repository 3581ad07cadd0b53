package dev.imagegate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAI's GPT image models streamed from {@code /v1/images/generations} and {@code /v1/images/edits}. */
class OpenAiStreamingTest extends OpenAiShapedStreamingContract {
  @Override
  protected String model() {
    return "openai/gpt-image-2";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("OPENAI_API_KEY", KEY, "OPENAI_API_BASE", base);
  }

  @Override
  protected String base() {
    return upstream.url("/v1");
  }

  @Override
  protected String expectedGeneratePath() {
    return "/v1/images/generations";
  }

  @Override
  protected String expectedEditPath() {
    return "/v1/images/edits";
  }

  @Override
  protected String authHeader() {
    return "Authorization";
  }

  @Override
  protected String expectedAuthorization() {
    return "Bearer " + KEY;
  }

  @Override
  protected String nonStreamingModel() {
    return "openai/dall-e-3";
  }

  /** A model OpenAI does not have, on an OpenAI-compatible server: never asked to stream. */
  @Test
  void aCompatibleServersModelIsNotAskedToStream() throws Exception {
    upstream.enqueue(exchange -> exchange.whole(200, "application/json",
        "{\"created\":1,\"data\":[{\"b64_json\":\"" + IMAGE_B64 + "\"}]}"));

    ImageResponse response = gate().generateStreaming(ImageRequest.builder("a fox").model("openai/sd-turbo")
        .build(), 2, event -> { });

    assertThat(response.bytes()).isEqualTo(IMAGE);
    assertThat(body(upstream.takeRequest()).has("stream")).isFalse();
  }

  @Override
  protected String goldenDirectory() {
    return "providers/openai/";
  }
}
