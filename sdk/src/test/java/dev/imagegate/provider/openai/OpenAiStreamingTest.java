package dev.imagegate.provider.openai;

import java.util.Map;

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
  protected String goldenDirectory() {
    return "providers/openai/";
  }
}
