package dev.imagegate.provider.xinference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageGate;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.openai.OpenAiShapedContract;
import dev.imagegate.testing.Fixtures;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class XinferenceContractTest extends OpenAiShapedContract {
  @Override
  protected String model() {
    return "xinference/sd3-medium";
  }

  @Override
  protected String wireModel() {
    return "sd3-medium";
  }

  @Override
  protected String expectedPath() {
    return "/v1/images/generations";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("XINFERENCE_API_KEY", "sk-test", "XINFERENCE_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/v1").toString();
  }

  /** Xinference takes native extras inside {@code kwargs}, a JSON string. */
  @Override
  protected JsonNode nativeExtras(JsonNode body) {
    return Fixtures.tree(body.path("kwargs").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void sizeIsSentAsWidthStarHeightAndExtrasGoInsideKwargsAsAJsonString() throws Exception {
    enqueueSuccess();

    gate().generate(request().size("768x512").extra("negative_prompt", "blurry").extra("num_inference_steps", 20)
        .build());

    JsonNode body = Fixtures.tree(server.takeRequest().getBody().toByteArray());
    assertThat(body.path("size").asText()).isEqualTo("768*512");
    assertThat(body.has("negative_prompt")).as("Xinference ignores top-level extras").isFalse();
    assertThat(body.path("kwargs").isTextual()).isTrue();
    JsonNode kwargs = Fixtures.tree(body.path("kwargs").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(kwargs.path("negative_prompt").asText()).isEqualTo("blurry");
    assertThat(kwargs.path("num_inference_steps").asInt()).isEqualTo(20);
  }

  @Test
  void aKwargsStringFromTheCallerIsMergedWithTheOtherExtras() throws Exception {
    enqueueSuccess();

    gate().generate(request().extra("kwargs", "{\"guidance_scale\": 3.5, \"seed\": 1}").extra("seed", 42).build());

    JsonNode body = Fixtures.tree(server.takeRequest().getBody().toByteArray());
    JsonNode kwargs = Fixtures.tree(body.path("kwargs").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(kwargs.path("guidance_scale").asDouble()).isEqualTo(3.5);
    assertThat(kwargs.path("seed").asInt()).isEqualTo(42);
  }

  @Test
  void runsWithoutAKeyWhenNoneIsConfigured() throws Exception {
    enqueueSuccess();
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("XINFERENCE_API_BASE", base()))).build();

    gate.generate(request().build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
  }
}
