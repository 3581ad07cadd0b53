package dev.imagegate.router;

import static dev.imagegate.router.Harness.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.EditRequest;
import dev.imagegate.ImageRequest;
import dev.imagegate.InputImage;
import dev.imagegate.Operation;
import dev.imagegate.error.BadRequest;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.testing.MockServers;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operation is a routing dimension: an edit goes only to deployments (and fallback groups) that edit. */
class EditRoutingTest {
  private final Harness h = new Harness();

  private static final Capabilities EDITS = Capabilities.permissive().withOperation(Operation.EDIT, null);

  private static ImageRequest edit(String group) {
    return EditRequest.builder("add a hat").model(group)
        .image(InputImage.of(Base64.getDecoder().decode(MockServers.PNG_1X1), "cat.png")).build();
  }

  @Test
  void anEditIsRoutedOnlyToTheGroupsDeploymentsThatEdit() {
    h.fake.capabilities("editor", EDITS);
    Router router = h.router(deployment("gen", "images", "fake/drawer").build(),
        deployment("ed", "images", "fake/editor").build());

    for (int i = 0; i < 6; i++) {
      assertThat(router.generate(edit("images")).route().deploymentId()).isEqualTo("ed");
    }
    assertThat(h.fake.calls).extracting(call -> call.request().operation()).containsOnly(Operation.EDIT);
    assertThat(h.fake.calledModels()).containsOnly("editor");
  }

  @Test
  void anEditFallsBackPastGroupsThatCannotEditToOneThatCan() {
    h.fake.capabilities("editor", EDITS).capabilities("other-editor", EDITS)
        .failAlways("editor", Failures::serverError);
    h.settings = h.settings.withNumRetries(0).withFallbacks(
        new Fallbacks(Map.of("primary", List.of("drawing", "editing")), List.of(), null), 5);
    Router router = h.router(deployment("p", "primary", "fake/editor").build(),
        deployment("d", "drawing", "fake/drawer").build(), deployment("e", "editing", "fake/other-editor").build());

    CallResult result = router.call(router.group("primary").orElseThrow(), edit("primary"));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.deploymentId()).isEqualTo("e");
    assertThat(result.fallbacksTried()).containsExactly("drawing", "editing");
    assertThat(result.attempts()).extracting(CallResult.Attempt::deploymentId).containsExactly("p", "e");
    assertThat(h.fake.calledModels()).doesNotContain("drawer");
  }

  @Test
  void aGroupThatCannotEditRefusesBeforeSendingNamingTheModelAndTheOperation() {
    Router router = h.router(deployment("gen", "images", "fake/drawer").build());

    BadRequest refused = catchThrowableOfType(BadRequest.class, () -> router.generate(edit("images")));

    assertThat(refused.param()).isEqualTo("model");
    assertThat(refused.getMessage()).contains("fake/drawer").contains("does not support edit");
    assertThat(h.fake.calls).isEmpty();
  }

  @Test
  void theSdkClientEditsAndVariesThroughTheSamePipeline() {
    dev.imagegate.ImageGate gate = dev.imagegate.ImageGate.builder().build();
    InputImage cat = InputImage.of(Base64.getDecoder().decode(MockServers.PNG_1X1), "cat.png");

    assertThat(gate.edit(EditRequest.of(EditRequest.builder("add a hat").image(cat).model("mock/imagegate-demo")))
        .data()).isNotEmpty();
    assertThat(gate.vary(dev.imagegate.VariationRequest.of(dev.imagegate.VariationRequest.builder(cat)
        .model("mock/imagegate-demo"))).data()).isNotEmpty();
    assertThat(catchThrowableOfType(BadRequest.class, () -> gate.edit(EditRequest.of(EditRequest.builder("x")
        .image(cat).model("openai/gpt-image-2").apiKey("sk-test").apiBase(MockServers.closedPortUrl("/v1"))
        .n(99)))).param()).isEqualTo("n");
  }
}
