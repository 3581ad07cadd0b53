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
      entries.add(new Entry("gpt-image-2", "openai/gpt-image-2", "OPENAI_API_KEY"));
    }
    env.first("GEMINI_API_KEY", "GOOGLE_API_KEY").ifPresent(key -> {
      String name = env.find("GEMINI_API_KEY").isPresent() ? "GEMINI_API_KEY" : "GOOGLE_API_KEY";
      entries.add(new Entry("gemini/gemini-3.1-flash-image", "gemini/gemini-3.1-flash-image", name));
      entries.add(new Entry("gemini/gemini-3-pro-image", "gemini/gemini-3-pro-image", name));
    });
    if (env.first("VERTEXAI_PROJECT", "GOOGLE_APPLICATION_CREDENTIALS").isPresent()) {
      entries.add(new Entry("vertex_ai/gemini-3.1-flash-image", "vertex_ai/gemini-3.1-flash-image", null));
    }
    if (env.first("AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE").isPresent()
        && env.first("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION").isPresent()) {
      entries.add(new Entry("bedrock/stability.stable-image-core-v1:1", "bedrock/stability.stable-image-core-v1:1",
          null));
    }
    if (env.find("OPENROUTER_API_KEY").isPresent()) {
      entries.add(new Entry("openrouter/google/gemini-3.1-flash-image", "openrouter/google/gemini-3.1-flash-image",
          "OPENROUTER_API_KEY"));
    }
    if (env.find("RECRAFT_API_KEY").isPresent()) {
      entries.add(new Entry("recraft/recraftv4_1", "recraft/recraftv4_1", "RECRAFT_API_KEY"));
    }
    env.first("NSCALE_API_KEY", "NSCALE_SERVICE_TOKEN").ifPresent(key -> {
      String name = env.find("NSCALE_API_KEY").isPresent() ? "NSCALE_API_KEY" : "NSCALE_SERVICE_TOKEN";
      entries.add(new Entry("nscale/black-forest-labs/FLUX.1-schnell", "nscale/black-forest-labs/FLUX.1-schnell",
          name));
    });
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
