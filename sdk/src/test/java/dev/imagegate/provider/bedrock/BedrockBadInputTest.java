package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every bad Bedrock parameter is a precise error naming it and what is allowed, and nothing is sent. */
class BedrockBadInputTest {
  private final AtomicInteger sent = new AtomicInteger();
  private final HttpTransport transport = request -> {
    sent.incrementAndGet();
    throw new AssertionError("no request may be sent for bad input");
  };
  private final Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret",
      "AWS_REGION", "us-east-1");

  private <T extends ImageGateException> T rejected(Class<T> type, ImageRequest.Builder request) {
    return rejected(type, request, env);
  }

  private <T extends ImageGateException> T rejected(Class<T> type, ImageRequest.Builder request,
                                                    Map<String, String> environment) {
    ImageGate gate = ImageGate.builder().transport(transport).env(Env.of(environment)).build();
    T e = catchThrowableOfType(type, () -> gate.generate(request.build()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    assertThat(sent).hasValue(0);
    return e;
  }

  private static ImageRequest.Builder request(String model) {
    return ImageRequest.builder("a lighthouse").model("bedrock/" + model);
  }

  @Test
  void sdxlSizesAreItsNineResolutions() {
    BadRequest e = rejected(BadRequest.class, request("stability.stable-diffusion-xl-v1").size("512x512"));

    assertThat(e.param()).isEqualTo("size");
    assertThat(e.getMessage()).contains("1024x1024, 1152x896, 1216x832, 1344x768, 1536x640, 640x1536, 768x1344, "
        + "832x1216, 896x1152");
  }

  @Test
  void titanSizesAreItsListAndNIsAtMostFive() {
    BadRequest size = rejected(BadRequest.class, request("amazon.titan-image-generator-v2:0").size("1000x1000"));
    BadRequest n = rejected(BadRequest.class, request("amazon.titan-image-generator-v1").n(6));

    assertThat(size.param()).isEqualTo("size");
    assertThat(size.getMessage()).contains("1024x1024, 768x768, 512x512").contains("1173x640");
    assertThat(n.param()).isEqualTo("n");
    assertThat(n.getMessage()).contains("1..5");
  }

  @Test
  void novaSizesMustMeetItsLimits() {
    for (String size : new String[] {"1000x1000", "4096x4096", "320x2048", "304x304"}) {
      BadRequest e = rejected(BadRequest.class, request("amazon.nova-canvas-v1:0").size(size));
      assertThat(e.param()).as(size).isEqualTo("size");
      assertThat(e.getMessage()).contains("'" + size + "'").contains("multiples of 16").contains("4194304");
    }
    BadRequest ratio = rejected(BadRequest.class, request("amazon.nova-canvas-v1:0").size("16:9"));
    assertThat(ratio.getMessage()).contains("WIDTHxHEIGHT");
  }

  @Test
  void qualitiesAreNamedAndStabilityModelsTakeNone() {
    BadRequest titan = rejected(BadRequest.class, request("amazon.titan-image-generator-v1").quality("ultra"));
    BadRequest sd3 = rejected(BadRequest.class, request("stability.sd3-large-v1:0").quality("hd"));

    assertThat(titan.param()).isEqualTo("quality");
    assertThat(titan.getMessage()).contains("standard, premium, hd, high");
    assertThat(sd3.param()).isEqualTo("quality");
    assertThat(sd3.getMessage()).contains("not take it");
  }

  @Test
  void styleAndUserAreRefusedWhereTheModelHasNoSuchField() {
    assertThat(rejected(BadRequest.class, request("amazon.titan-image-generator-v1").style("vivid")).param())
        .isEqualTo("style");
    assertThat(rejected(BadRequest.class, request("stability.stable-image-core-v1:1").user("u-1")).param())
        .isEqualTo("user");
  }

  @Test
  void promptsLongerThanTheModelTakesAreRefused() {
    BadRequest titan = rejected(BadRequest.class, request("amazon.titan-image-generator-v1")
        .prompt("x".repeat(513)));
    BadRequest nova = rejected(BadRequest.class, request("amazon.nova-canvas-v1:0").prompt("x".repeat(1025)));

    assertThat(titan.param()).isEqualTo("prompt");
    assertThat(titan.getMessage()).contains("513").contains("at most 512");
    assertThat(nova.getMessage()).contains("at most 1024");
  }

  @Test
  void unknownModelsListWhatIsKnown() {
    NotFound e = rejected(NotFound.class, request("amazon.titan-text-express-v1"));

    assertThat(e.getMessage()).contains("amazon.titan-image-generator-v2:0").contains("stability.sd3-large-v1:0");
  }

  @Test
  void aMissingOrMalformedRegionNamesTheSetting() {
    BadRequest missing = rejected(BadRequest.class, request("amazon.nova-canvas-v1:0"),
        Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_CONFIG_FILE", "/nonexistent"));
    BadRequest malformed = rejected(BadRequest.class, request("amazon.nova-canvas-v1:0")
        .extra("aws_region_name", "us-east-1.evil.example/"));

    assertThat(missing.param()).isEqualTo("aws_region_name");
    assertThat(missing.getMessage()).contains("AWS_REGION");
    assertThat(malformed.param()).isEqualTo("aws_region_name");
  }

  @Test
  void dropParamsDropsWhatTheModelCannotTake() throws Exception {
    ImageGate gate = ImageGate.builder().env(Env.of(env)).transport(request -> {
      sent.incrementAndGet();
      assertThat(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("quality");
      return new HttpTransport.Response(200, Map.of(), ("{\"seeds\":[1],\"finish_reasons\":[null],\"images\":[\""
          + dev.imagegate.testing.MockServers.PNG_1X1 + "\"]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }).build();

    gate.generate(request("stability.sd3-large-v1:0").quality("hd").dropParams(true).build());

    assertThat(sent).hasValue(1);
  }
}
