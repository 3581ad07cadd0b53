package dev.imagegate.provider.gemini;

import dev.imagegate.provider.ProviderCall;
import java.util.Map;
import java.util.Set;

/**
 * Google's Gemini API (AI Studio), {@code https://generativelanguage.googleapis.com/v1beta}: Imagen via
 * {@code models/{model}:predict} and Gemini image models via {@code models/{model}:generateContent}, authenticated
 * with the {@code x-goog-api-key} header.
 */
public final class GeminiProvider extends GoogleShapedProvider {
  static final String DEFAULT_BASE = "https://generativelanguage.googleapis.com/v1beta";
  static final String[] KEY_ENV = {"GEMINI_API_KEY", "GOOGLE_API_KEY"};
  static final String[] BASE_ENV = {"GEMINI_API_BASE"};

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  protected GoogleModel.FrontDoor frontDoor() {
    return GoogleModel.FrontDoor.GEMINI_API;
  }

  @Override
  protected Set<String> settings() {
    return Set.of();
  }

  @Override
  protected Target target(ProviderCall call) {
    String key = call.requireApiKey(KEY_ENV);
    return new Target(call.apiBase(DEFAULT_BASE, BASE_ENV), Map.of("x-goog-api-key", key));
  }
}
