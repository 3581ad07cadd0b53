package dev.imagegate.provider.azure;

import static dev.imagegate.testing.Fixtures.assertJsonMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.Cost;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Capabilities and prices of Azure deployments through {@link ImageGate}: the {@code base_model} setting, else a
 * deployment named like a known model, else permissive and explicitly unpriced.
 */
class AzurePricingTest {
  private static final String ONE_PNG = "{\"created\":1,\"data\":[{\"b64_json\":\"" + MockServers.PNG_1X1 + "\"}]}";

  private final List<HttpTransport.Request> sent = new ArrayList<>();
  private String answer = ONE_PNG;

  private final ImageGate gate = ImageGate.builder()
      .env(Env.of(Map.of("AZURE_API_KEY", "sk-test", "AZURE_API_BASE", "https://res.openai.azure.com")))
      .transport(request -> {
        sent.add(request);
        return new HttpTransport.Response(200, Map.of("Content-Type", List.of("application/json")),
            answer.getBytes(StandardCharsets.UTF_8));
      })
      .build();

  private static ImageRequest.Builder request(String model) {
    return ImageRequest.builder("a lighthouse at dawn, oil painting").model(model);
  }

  private JsonNode lastBody() {
    return Fixtures.tree(sent.get(sent.size() - 1).body());
  }

  @Test
  void baseModelDallE3HdWideCostsExactlyTwelveCents() {
    answer = Fixtures.text("providers/azure/dall-e-3-response.json");

    ImageResponse response = gate.generate(request("azure/my-deploy").n(1).size("1792x1024").quality("hd")
        .style("natural").responseFormat("url").user("user-42").extra("base_model", "dall-e-3").build());

    assertThat(response.cost()).isEqualTo(Cost.table(new BigDecimal("0.12")));
    assertThat(response.cost().usd()).contains(new BigDecimal("0.12"));
    assertJsonMatches(lastBody(), "providers/azure/dall-e-3-request.json");
    assertThat(response.data().get(0).url()).startsWith("https://dalleprodsec.blob.core.windows.net/");
  }

  @Test
  void deploymentNamedDallE3IsPricedAsDallE3() {
    ImageResponse standard = gate.generate(request("azure/dall-e-3").build());
    ImageResponse hd = gate.generate(request("azure/dall-e-3").quality("hd").build());

    assertThat(standard.cost()).isEqualTo(Cost.table(new BigDecimal("0.04")));
    assertThat(hd.cost()).isEqualTo(Cost.table(new BigDecimal("0.08")));
  }

  @Test
  void baseModelWinsOverADeploymentNamedLikeAnotherModel() {
    ImageResponse response = gate.generate(request("azure/gpt-image-1").quality("hd")
        .extra("base_model", "azure/dall-e-3").build());

    assertThat(response.cost()).isEqualTo(Cost.table(new BigDecimal("0.08")));
  }

  @Test
  void unknownDeploymentIsExplicitlyUnpricedWithPermissiveCapabilities() {
    ImageResponse response = gate.generate(request("azure/some-random-name").n(3).size("640x480").style("anime")
        .quality("ultra").build());

    assertThat(response.cost().priced()).isFalse();
    assertThat(response.cost().source()).isEqualTo(Cost.Source.UNPRICED);
    assertThat(response.cost().usd()).isEmpty();
    assertThat(response.cost().note()).contains("azure/some-random-name");
    JsonNode body = lastBody();
    assertThat(body.path("n").asInt()).isEqualTo(3);
    assertThat(body.path("size").asText()).isEqualTo("640x480");
    assertThat(body.path("style").asText()).isEqualTo("anime");
    assertThat(body.path("quality").asText()).isEqualTo("ultra");
  }

  @Test
  void baseModelCapabilitiesRejectBadParametersBeforeSending() {
    BadRequest n = catchThrowableOfType(BadRequest.class,
        () -> gate.generate(request("azure/my-deploy").n(2).extra("base_model", "dall-e-3").build()));
    BadRequest size = catchThrowableOfType(BadRequest.class,
        () -> gate.generate(request("azure/my-deploy").size("512x512").extra("base_model", "dall-e-3").build()));
    BadRequest quality = catchThrowableOfType(BadRequest.class,
        () -> gate.generate(request("azure/gpt-image-1").quality("hd").build()));

    assertThat(n.param()).isEqualTo("n");
    assertThat(n.getMessage()).contains("only 1");
    assertThat(size.param()).isEqualTo("size");
    assertThat(size.getMessage()).contains("1024x1024, 1792x1024, 1024x1792");
    assertThat(quality.param()).isEqualTo("quality");
    assertThat(quality.getMessage()).contains("low, medium, high, auto");
    assertThat(sent).isEmpty();
  }

  @Test
  void gptImageBaseModelNeverSendsResponseFormatAndIsPricedByTokens() {
    answer = Fixtures.text("providers/azure/gpt-image-1-response.json");

    ImageResponse response = gate.generate(request("azure/eu-images").responseFormat("b64_json")
        .extra("base_model", "gpt-image-1").build());

    assertThat(lastBody().has("response_format")).isFalse();
    assertThat(lastBody().has("base_model")).isFalse();
    assertThat(response.cost()).isEqualTo(Cost.table(new BigDecimal("0.16665")));
  }
}
