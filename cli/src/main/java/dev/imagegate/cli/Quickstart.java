package dev.imagegate.cli;

import dev.imagegate.provider.Env;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration {@code imagegate serve} runs without {@code --config}: the local {@code mock/imagegate-demo} model
 * always, plus models for each provider whose credentials are in the environment (the keys are read from the
 * environment at start, never written anywhere).
 */
final class Quickstart {
  static final String DEMO_MODEL = "mock/imagegate-demo";

  private record Entry(String name, String model, String envKey) {
  }

  private Quickstart() {
  }

  /** A LiteLLM-style config.yaml text for what {@code env} has credentials for. */
  static String config(Env env) {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(DEMO_MODEL, DEMO_MODEL, null));
    if (env.find("OPENAI_API_KEY").isPresent()) {
      entries.add(new Entry("dall-e-3", "openai/dall-e-3", "OPENAI_API_KEY"));
      entries.add(new Entry("gpt-image-1", "openai/gpt-image-1", "OPENAI_API_KEY"));
    }
    env.first("GEMINI_API_KEY", "GOOGLE_API_KEY").ifPresent(key -> {
      String name = env.find("GEMINI_API_KEY").isPresent() ? "GEMINI_API_KEY" : "GOOGLE_API_KEY";
      entries.add(new Entry("gemini/imagen-4.0-generate-001", "gemini/imagen-4.0-generate-001", name));
      entries.add(new Entry("gemini/gemini-2.5-flash-image", "gemini/gemini-2.5-flash-image", name));
    });
    if (env.first("VERTEXAI_PROJECT", "GOOGLE_APPLICATION_CREDENTIALS").isPresent()) {
      entries.add(new Entry("vertex_ai/imagen-4.0-generate-001", "vertex_ai/imagen-4.0-generate-001", null));
    }
    if (env.first("AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE").isPresent()
        && env.first("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION").isPresent()) {
      entries.add(new Entry("bedrock/amazon.nova-canvas-v1:0", "bedrock/amazon.nova-canvas-v1:0", null));
    }
    if (env.find("OPENROUTER_API_KEY").isPresent()) {
      entries.add(new Entry("openrouter/google/gemini-2.5-flash-image", "openrouter/google/gemini-2.5-flash-image",
          "OPENROUTER_API_KEY"));
    }
    if (env.find("RECRAFT_API_KEY").isPresent()) {
      entries.add(new Entry("recraft/recraftv3", "recraft/recraftv3", "RECRAFT_API_KEY"));
    }
    if (env.find("NSCALE_API_KEY").isPresent()) {
      entries.add(new Entry("nscale/black-forest-labs/FLUX.1-schnell", "nscale/black-forest-labs/FLUX.1-schnell",
          "NSCALE_API_KEY"));
    }
    StringBuilder yaml = new StringBuilder("model_list:\n");
    for (Entry entry : entries) {
      yaml.append("  - model_name: \"").append(entry.name()).append("\"\n")
          .append("    litellm_params:\n")
          .append("      model: \"").append(entry.model()).append("\"\n");
      if (entry.envKey() != null) {
        yaml.append("      api_key: os.environ/").append(entry.envKey()).append('\n');
      }
      yaml.append("    model_info: {mode: image_generation}\n");
    }
    return yaml.toString();
  }
}
