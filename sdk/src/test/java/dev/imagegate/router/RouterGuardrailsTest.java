package dev.imagegate.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.NotFound;
import dev.imagegate.guardrail.Guardrail;
import dev.imagegate.guardrail.Guardrails;
import dev.imagegate.guardrail.Verdict;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guardrails configured on the SDK router check every prompt before any deployment is called. */
class RouterGuardrailsTest {
  private final Harness harness = new Harness();

  private Router router(Guardrails guardrails) {
    return Router.builder(List.of(Harness.deployment("a1", "pics", "fake/a").build()))
        .providers(ProviderRegistry.standard().with(harness.fake)).env(Env.of(Map.of())).clock(harness.clock)
        .pricing(Harness.PRICES).guardrails(guardrails).build();
  }

  private static Guardrails onePerWord(String word, boolean defaultOn) {
    Guardrail guardrail = prompt -> prompt.contains(word)
        ? Verdict.block("no " + word, Map.of("word", 1))
        : Verdict.mask(prompt.replace("secret", "[hidden]"), Map.of());
    return Guardrails.of(List.of(new Guardrails.Configured("words", guardrail, defaultOn, false)));
  }

  @Test
  void aBlockedPromptNeverReachesADeployment() {
    Router router = router(onePerWord("forbidden", true));

    assertThatThrownBy(() -> router.generate(Harness.request("pics").toBuilder().prompt("a forbidden door").build()))
        .isInstanceOf(ContentPolicyViolation.class).hasMessage("Your prompt was blocked by guardrail 'words': no "
            + "forbidden");
    assertThat(harness.fake.calls).isEmpty();
  }

  @Test
  void theDeploymentReceivesTheMaskedPrompt() {
    Router router = router(onePerWord("forbidden", true));

    router.generate(Harness.request("pics").toBuilder().prompt("a secret garden").build());

    assertThat(harness.fake.calls).singleElement().satisfies(call ->
        assertThat(call.request().prompt()).isEqualTo("a [hidden] garden"));
  }

  @Test
  void onlyDefaultOnGuardrailsRunInTheRouterAndValidationComesFirst() {
    Router router = router(onePerWord("forbidden", false));

    router.generate(Harness.request("pics").toBuilder().prompt("a forbidden secret").build());

    assertThat(harness.fake.calls).singleElement().satisfies(call ->
        assertThat(call.request().prompt()).isEqualTo("a forbidden secret"));
    Router strict = router(onePerWord("forbidden", true));
    assertThatThrownBy(() -> strict.generate(Harness.request("nope/unknown").toBuilder().prompt("forbidden")
        .build())).isInstanceOf(NotFound.class);
  }
}
