package dev.imagegate.provider.nscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageGate;
import dev.imagegate.error.Authentication;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.openai.OpenAiShapedContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NscaleContractTest extends OpenAiShapedContract {
  @Override
  protected String model() {
    return "nscale/black-forest-labs/FLUX.1-schnell";
  }

  @Override
  protected String wireModel() {
    return "black-forest-labs/FLUX.1-schnell";
  }

  @Override
  protected String expectedPath() {
    return "/v1/images/generations";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("NSCALE_API_KEY", "sk-test", "NSCALE_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/v1").toString();
  }

  @Test
  void missingKeyNamesNscaleApiKey() {
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("NSCALE_API_BASE", base()))).build();

    Authentication e = catchThrowableOfType(Authentication.class, () -> gate.generate(request().build()));

    assertThat(e.getMessage()).contains("NSCALE_API_KEY").contains("NSCALE_SERVICE_TOKEN").contains("apiKey");
  }

  @Test
  void theServiceTokenVariableIsAcceptedBesideTheApiKey() throws Exception {
    enqueueSuccess();
    ImageGate gate = ImageGate.builder().env(Env.of(Map.of("NSCALE_API_BASE", base(),
        "NSCALE_SERVICE_TOKEN", "svc-token-1"))).build();

    gate.generate(request().build());

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer svc-token-1");
  }
}
