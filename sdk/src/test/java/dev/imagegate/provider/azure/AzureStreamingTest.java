package dev.imagegate.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.provider.openai.OpenAiShapedStreamingContract;
import dev.imagegate.testing.SseUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  protected String nonStreamingModel() {
    return "azure/dall-e-3";
  }

  /** A deployment with any name streams when its base model does. */
  @Test
  void aDeploymentWhoseBaseModelStreamsIsStreamed() throws Exception {
    upstream.enqueue(exchange -> exchange.stream(200)
        .event("image_generation.partial_image", partial("image_generation", 0))
        .event("image_generation.completed", completed("image_generation")).end());
    List<String> types = new ArrayList<>();

    gate().generateStreaming(ImageRequest.builder("a fox").model("azure/prod-images")
        .extra("base_model", "gpt-image-1").build(), 1, event -> types.add(event.type()));

    assertThat(types).containsExactly("image_generation.partial_image", "image_generation.completed",
        "image_generation.finished");
    SseUpstream.Recorded recorded = upstream.takeRequest();
    assertThat(recorded.target()).isEqualTo("/openai/deployments/prod-images/images/generations" + QUERY);
    assertThat(body(recorded).path("partial_images").asInt()).isEqualTo(1);
    assertThat(body(recorded).has("base_model")).isFalse();
  }

  /** Azure's content filter, named only in the inner error, refuses as a content policy violation mid-stream too. */
  @Test
  void aContentFilterErrorEventIsAContentPolicyViolation() {
    upstream.enqueue(exchange -> exchange.stream(200).event("error", "{\"type\":\"error\",\"error\":{\"message\":"
        + "\"The response was filtered\",\"type\":\"invalid_request_error\",\"code\":\"invalid_request\","
        + "\"inner_error\":{\"code\":\"Blocked\",\"content_filter_results\":{\"sexual\":{\"filtered\":true,"
        + "\"severity\":\"high\"}}}}}").end());

    ContentPolicyViolation e = fail(ContentPolicyViolation.class);

    assertThat(e.getMessage()).contains("The response was filtered");
  }

  @Override
  protected String goldenDirectory() {
    return "providers/azure/";
  }
}
