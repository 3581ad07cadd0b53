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
  void aFailedCallsResultHoldsEveryAttemptAndFallback() {
    h.fake.failAlways("p", Failures::serverError).failAlways("s", Failures::serverError);
    Router router = threeGroups(new Fallbacks(Map.of("primary", List.of("second")), List.of(), null), 5);

    CallResult result = router.call(router.group("primary").orElseThrow(), request("primary"));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failure()).isInstanceOf(UpstreamUnavailable.class);
    assertThat(result.attempts()).extracting(a -> a.number() + " " + a.group() + " " + a.deploymentId() + " "
        + a.error().getClass().getSimpleName()).containsExactly("1 primary p UpstreamUnavailable",
        "2 primary p UpstreamUnavailable", "3 second s UpstreamUnavailable", "4 second s UpstreamUnavailable");
    assertThat(result.fallbacksTried()).containsExactly("second");
    assertThat(result.retries()).isEqualTo(2);
    assertThat(result.deploymentId()).isEqualTo("s");
    assertThat(result.provider()).isEqualTo("fake");
    assertThat(result.cost().priced()).isFalse();
    assertThat(h.events).contains("fallback primary -> second");
  }

  @Test
  void aSuccessfulCallsResultNamesTheServingAttemptAndItsCostOnce() {
    h.fake.failAlways("p", Failures::serverError);
    Router router = threeGroups(new Fallbacks(Map.of("primary", List.of("second")), List.of(), null), 5);

    CallResult result = router.call(router.group("primary").orElseThrow(), request("primary"));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.attempts()).extracting(CallResult.Attempt::succeeded).containsExactly(false, false, true);
    assertThat(result.retries()).isEqualTo(1);
    assertThat(result.cost()).isSameAs(result.response().cost());
  }
}
