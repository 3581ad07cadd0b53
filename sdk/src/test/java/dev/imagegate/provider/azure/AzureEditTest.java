package dev.imagegate.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.openai.OpenAiShapedEditContract;
import dev.imagegate.testing.EditCalls;
import dev.imagegate.testing.Inputs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Azure OpenAI edits: the deployment route's {@code /images/edits} with the api-version, api-key auth. */
class AzureEditTest extends OpenAiShapedEditContract {
  @Override
  protected Provider provider() {
    return new AzureProvider();
  }

  @Override
  protected String model() {
    return "my-deploy";
  }

  @Override
  protected Map<String, String> env(String base) {
    return Map.of("AZURE_API_KEY", "sk-test", "AZURE_API_BASE", base);
  }

  @Override
  protected String base() {
    return server.url("/").toString();
  }

  @Override
  protected String editPath() {
    return "/openai/deployments/my-deploy/images/edits?api-version=" + AzureMapping.DEFAULT_API_VERSION;
  }

  @Test
  void editsCarryTheApiKeyHeader() throws Exception {
    enqueueSuccess();

    edit(editRequest().build());

    assertThat(server.takeRequest().getHeaders().get("api-key")).isEqualTo("sk-test");
  }

  @Test
  void v1RouteEditsNameTheDeploymentInTheForm() throws Exception {
    enqueueSuccess();

    EditCalls.run(provider(), "my-deploy", editRequest().apiVersion("preview").build(), env(base()));

    mockwebserver3.RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/openai/v1/images/edits?api-version=preview");
    assertThat(new String(recorded.getBody().toByteArray())).contains("name=\"model\"\r\n\r\nmy-deploy");
  }

  @Test
  void azureServesNoVariations() {
    Throwable thrown = catchThrowable(() -> edit(ImageRequest.builder().model("my-deploy")
        .operation(Operation.VARIATION).image(InputImage.of(Inputs.pngOpaque(8, 8))).build()));

    assertThat(thrown).isInstanceOf(BadRequest.class).hasMessageContaining("does not support variation");
    assertThat(server.getRequestCount()).isZero();
  }
}
