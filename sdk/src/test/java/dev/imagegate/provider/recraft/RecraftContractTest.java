package dev.imagegate.provider.recraft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.openai.OpenAiShapedContract;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecraftContractTest extends OpenAiShapedContract {
  @Override
  protected String model() {
    return "recraft/recraftv3";
  }

  @Override
  protected String wireModel() {
    return "recraftv3";
  }

  @Override
  protected String expectedPath() {
    return "/v1/images/generations";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("RECRAFT_API_KEY", "sk-test", "RECRAFT_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/").toString();
  }

  @Test
  void styleAndSubstyleGoOnTheWire() throws Exception {
    enqueueSuccess();

    gate().generate(request().style("digital_illustration").extra("substyle", "hand_drawn").size("1365x1024")
        .build());

    JsonNode body = Fixtures.tree(server.takeRequest().getBody().toByteArray());
    assertThat(body.path("style").asText()).isEqualTo("digital_illustration");
    assertThat(body.path("substyle").asText()).isEqualTo("hand_drawn");
    assertThat(body.path("size").asText()).isEqualTo("1365x1024");
  }

  @Test
  void moreThanSixImagesIsRejectedBeforeSending() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().n(7).build()));

    assertThat(e.param()).isEqualTo("n");
    assertThat(e.getMessage()).contains("1..6");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aV4PromptOverTenThousandCharactersIsRejectedBeforeSending() throws Exception {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().model("recraft/recraftv4_1")
        .prompt("p".repeat(10_001)).build()));

    assertThat(e.param()).isEqualTo("prompt");
    assertThat(e.getMessage()).contains("recraft/recraftv4_1").contains("10001 characters").contains("at most 10000");
    assertThat(server.getRequestCount()).isZero();

    enqueueSuccess();
    gate().generate(request().model("recraft/recraftv4_1").prompt("p".repeat(10_000)).build());
    assertThat(Fixtures.tree(server.takeRequest().getBody().toByteArray()).path("prompt").asText()).hasSize(10_000);
  }

  @Test
  void aV3PromptOverAThousandCharactersIsRejectedBeforeSending() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().prompt("p".repeat(1001))
        .build()));

    assertThat(e.param()).isEqualTo("prompt");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unknownStyleListsRecraftStyles() {
    BadRequest e = catchThrowableOfType(BadRequest.class, () -> gate().generate(request().style("vivid").build()));

    assertThat(e.param()).isEqualTo("style");
    assertThat(e.getMessage()).contains("realistic_image").contains("vector_illustration");
  }

  @Test
  void vectorStylesReturnSvgBytesUntouched() {
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><rect width=\"8\" height=\"8\"/></svg>";
    String b64 = Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    server.enqueue(MockServers.json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + b64 + "\",\"image_id\":\"x\"}]}"));

    ImageResponse response = gate().generate(request().style("vector_illustration").responseFormat("b64_json").build());

    assertThat(response.data().get(0).format()).isEqualTo(dev.imagegate.ImageFormat.SVG);
    assertThat(new String(response.bytes(), StandardCharsets.UTF_8)).isEqualTo(svg);
  }
}
