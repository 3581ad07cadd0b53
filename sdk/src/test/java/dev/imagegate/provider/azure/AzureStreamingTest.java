package dev.imagegate.provider.azure;

import dev.imagegate.provider.openai.OpenAiShapedStreamingContract;
import java.util.Map;

/**
 * Azure's GPT image deployments streamed on the deployment route (the deployment in the URL, none in the body), with
 * the {@code api-key} header.
 */
class AzureStreamingTest extends OpenAiShapedStreamingContract {
  private static final String QUERY = "?api-version=" + AzureMapping.DEFAULT_API_VERSION;

  @Override
  protected String model() {
    return "azure/gpt-image-2";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("AZURE_API_KEY", KEY, "AZURE_API_BASE", base);
  }

  @Override
  protected String base() {
    return upstream.url("/");
  }

  @Override
  protected String expectedGeneratePath() {
    return "/openai/deployments/gpt-image-2/images/generations" + QUERY;
  }

  @Override
  protected String expectedEditPath() {
    return "/openai/deployments/gpt-image-2/images/edits" + QUERY;
  }

  @Override
  protected String authHeader() {
    return "api-key";
  }

  @Override
  protected String expectedAuthorization() {
    return KEY;
  }

  @Override
  protected String goldenDirectory() {
    return "providers/azure/";
  }
}
