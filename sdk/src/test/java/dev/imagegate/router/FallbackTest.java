package dev.imagegate.router;

import static dev.imagegate.router.Harness.deployment;
import static dev.imagegate.router.Harness.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.UpstreamUnavailable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackTest {
  private final Harness h = new Harness();

  private Router threeGroups(Fallbacks fallbacks, int maxFallbacks) {
    h.settings = h.settings.withNumRetries(1).withFallbacks(fallbacks, maxFallbacks);
    return h.router(deployment("p", "primary", "fake/p").build(), deployment("s", "second", "fake/s").build(),
        deployment("t", "third", "fake/t").build(), deployment("u", "fourth", "fake/u").build());
  }

  @Test
  void fallbacksAreTriedInOrderAfterRetriesAreExhausted() {
    h.fake.failAlways("p", Failures::serverError).failAlways("s", Failures::serverError);
    Router router = threeGroups(new Fallbacks(Map.of("primary", List.of("second", "third")), List.of(), null), 5);

    ImageResponse response = router.generate(request("primary"));

    assertThat(h.fake.calledModels()).containsExactly("p", "p", "s", "s", "t");
    assertThat(response.route()).isEqualTo(new ImageResponse.Route("t", 5, List.of("second", "third")));
    assertThat(h.events).containsSubsequence("fallback primary -> second", "fallback primary -> third", "ok t");
  }

  @Test
  void defaultFallbacksServeGroupsWithoutTheirOwn() {
    h.fake.failAlways("p", Failures::serverError);
    Router router = threeGroups(new Fallbacks(Map.of("second", List.of("third")), List.of("fourth"), null), 5);

    assertThat(router.generate(request("primary")).route().deploymentId()).isEqualTo("u");
  }

  @Test
  void contentPolicyViolationsUseContentPolicyFallbacks() {
    h.fake.failAlways("p", Failures::contentPolicy);
    Router router = threeGroups(new Fallbacks(Map.of("primary", List.of("second")), List.of(),
        Map.of("primary", List.of("third"))), 5);

    ImageResponse response = router.generate(request("primary"));

    assertThat(response.route().deploymentId()).isEqualTo("t");
    assertThat(h.fake.calledModels()).containsExactly("p", "t");
  }

  @Test
  void badRequestsNeverFallBack() {
    h.fake.failAlways("p", Failures::badRequest);
    Router router = threeGroups(new Fallbacks(Map.of("primary", List.of("second")), List.of("third"), null), 5);

    assertThat(catchThrowableOfType(BadRequest.class, () -> router.generate(request("primary")))).isNotNull();
    assertThat(h.fake.calledModels()).containsExactly("p");
  }

  @Test
  void maxFallbacksLimitsTheGroupsTriedAndTheLastAttemptsFailureIsThrown() {
    h.fake.failAlways("p", Failures::serverError).failAlways("s", () -> Failures.rateLimited(null));
    Router router = threeGroups(new Fallbacks(Map.of("primary", List.of("second", "third")), List.of(), null), 1);

    Throwable error = catchThrowableOfType(dev.imagegate.error.RateLimited.class,
        () -> router.generate(request("primary")));

    assertThat(error).isNotNull();
    assertThat(h.fake.calledModels()).doesNotContain("t");
  }

  @Test
  void onlyImageCapableGroupsMayBeFallbacks() {
    h.settings = h.settings.withFallbacks(new Fallbacks(Map.of("images", List.of("chat")), List.of(), null), 5);
    Deployment images = deployment("i", "images", "fake/i").build();
    Deployment chat = deployment("c", "chat", "fake/c")
        .modelInfo(new ModelInfo("c", "chat", null, Map.of("mode", "chat"))).build();

    assertThatThrownBy(() -> h.router(images, chat)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fallback 'chat' is not an image generation group");
  }

  @Test
  void fallbacksToUnknownGroupsAreRejected() {
    h.settings = h.settings.withFallbacks(new Fallbacks(Map.of(), List.of("nowhere"), null), 5);

    assertThatThrownBy(() -> h.router(deployment("i", "images", "fake/i").build()))
        .hasMessageContaining("fallback 'nowhere' is not a model group");
  }

  @Test
  void aRequestForANonImageGroupIsABadRequest() {
    Router router = h.router(deployment("c", "chat", "fake/c")
        .modelInfo(new ModelInfo("c", "chat", null, Map.of())).build());

    BadRequest error = catchThrowableOfType(BadRequest.class, () -> router.generate(request("chat")));

    assertThat(error.param()).isEqualTo("model");
    assertThat(error.getMessage()).contains("does not generate images");
    assertThat(h.fake.calls).isEmpty();
  }

  @Test
  void withoutFallbacksTheTypedFailureSurfaces() {
    h.fake.failAlways("p", Failures::serverError);
    Router router = threeGroups(Fallbacks.NONE, 5);

    assertThat(catchThrowableOfType(UpstreamUnavailable.class, () -> router.generate(request("primary"))).status())
        .isEqualTo(503);
  }

  @Test
  void aCallsOwnListenerHearsEveryAttemptAndFallbackEvenWhenTheCallFails() {
    h.fake.failAlways("p", Failures::serverError).failAlways("s", Failures::serverError);
    Router router = threeGroups(new Fallbacks(Map.of("primary", List.of("second")), List.of(), null), 5);
    List<String> heard = new java.util.ArrayList<>();
    RouterListener call = new RouterListener() {
      @Override
      public void attemptFailed(Attempt attempt, dev.imagegate.error.ImageGateException error,
                                java.time.Duration latency) {
        heard.add("failed " + attempt.number() + " " + attempt.deployment().id());
      }

      @Override
      public void fellBack(String fromGroup, String toGroup, dev.imagegate.error.ImageGateException cause) {
        heard.add("fallback " + toGroup);
      }
    };

    assertThat(catchThrowableOfType(UpstreamUnavailable.class, () -> router.generate(request("primary"), call)))
        .isNotNull();
    assertThat(heard).containsExactly("failed 1 p", "failed 2 p", "fallback second", "failed 3 s", "failed 4 s");
    assertThat(h.events).contains("fallback primary -> second");
  }
}
