package dev.imagegate.router;

import static dev.imagegate.router.Failures.badRequest;
import static dev.imagegate.router.Failures.contentPolicy;
import static dev.imagegate.router.Failures.rateLimited;
import static dev.imagegate.router.Failures.serverError;
import static dev.imagegate.router.Harness.deployment;
import static dev.imagegate.router.Harness.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageResponse;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryTest {
  private final Harness h = new Harness();

  @Test
  void retriesTheOnlyDeploymentWithExponentialBackoffAndJitter() {
    h.fake.script("a", serverError(), serverError());
    h.random.next(0.0, 1.0);
    Router router = h.router(deployment("a", "g", "fake/a").build());

    ImageResponse response = router.generate(request("g"));

    assertThat(h.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(750));
    assertThat(response.route()).isEqualTo(new ImageResponse.Route("a", 3, java.util.List.of()));
  }

  @Test
  void honoursRetryAfterExactly() {
    h.fake.script("a", rateLimited(Duration.ofSeconds(7)));
    Router router = h.router(deployment("a", "g", "fake/a").build());

    router.generate(request("g"));

    assertThat(h.sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(h.clock.instant()).isEqualTo(Harness.START.plusSeconds(7));
  }

  @Test
  void aRetryAfterBeyondTheLimitEndsTheRetries() {
    h.fake.script("a", rateLimited(Duration.ofSeconds(120)));
    Router router = h.router(deployment("a", "g", "fake/a").build());

    RateLimited error = catchThrowableOfType(RateLimited.class, () -> router.generate(request("g")));

    assertThat(error.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(h.sleeps).isEmpty();
    assertThat(h.fake.calls).hasSize(1);
  }

  @Test
  void retriesAtOnceOnAnotherHealthyDeployment() {
    h.fake.script("a", serverError());
    h.random.next(0.0);
    Router router = h.router(deployment("a", "g", "fake/a").build(), deployment("b", "g", "fake/b").build());

    ImageResponse response = router.generate(request("g"));

    assertThat(h.fake.calledModels()).containsExactly("a", "b");
    assertThat(h.sleeps).isEmpty();
    assertThat(response.route().deploymentId()).isEqualTo("b");
    assertThat(response.route().attempts()).isEqualTo(2);
  }

  @Test
  void anAuthenticationFailureMovesToAnotherDeploymentButNeverRetriesTheSameOne() {
    h.fake.failAlways("a", Failures::unauthorized);
    Router single = h.router(deployment("a", "g", "fake/a").build());

    assertThat(catchThrowableOfType(dev.imagegate.error.Authentication.class,
        () -> single.generate(request("g")))).isNotNull();
    assertThat(h.fake.calls).hasSize(1);

    Router pair = h.router(deployment("a", "g2", "fake/a").order(1).build(),
        deployment("b", "g2", "fake/b").order(2).build());
    assertThat(pair.generate(request("g2")).route().deploymentId()).isEqualTo("b");
  }

  @Test
  void neverRetriesBadRequestsOrContentPolicyByDefault() {
    h.fake.script("a", badRequest(), contentPolicy());
    Router router = h.router(deployment("a", "g", "fake/a").order(1).build(),
        deployment("b", "g", "fake/b").order(2).build());

    assertThat(catchThrowableOfType(BadRequest.class, () -> router.generate(request("g"))).param())
        .isEqualTo("size");
    assertThat(catchThrowableOfType(ContentPolicyViolation.class, () -> router.generate(request("g"))))
        .isNotNull();
    assertThat(h.fake.calledModels()).containsExactly("a", "a");
  }

  @Test
  void numRetriesBoundsTheAttemptsAndTheLastFailureIsThrown() {
    h.settings = h.settings.withNumRetries(3);
    h.fake.failAlways("a", Failures::serverError);
    Router router = h.router(deployment("a", "g", "fake/a").build());

    UpstreamUnavailable error = catchThrowableOfType(UpstreamUnavailable.class, () -> router.generate(request("g")));

    assertThat(error.upstreamStatus()).contains(503);
    assertThat(h.fake.calls).hasSize(4);
    assertThat(h.sleeps).hasSize(3);
  }

  @Test
  void retryPolicyOverridesRetriesPerErrorKind() {
    h.settings = h.settings.withRetryPolicy(new RetryPolicy(Map.of(RetryPolicy.Kind.RATE_LIMIT, 0,
        RetryPolicy.Kind.INTERNAL_SERVER, 4)));
    h.fake.script("a", rateLimited(null));
    h.fake.script("b", serverError(), serverError(), serverError(), serverError());
    Router router = h.router(deployment("a", "ga", "fake/a").build(), deployment("b", "gb", "fake/b").build());

    assertThat(catchThrowableOfType(RateLimited.class, () -> router.generate(request("ga")))).isNotNull();
    assertThat(router.generate(request("gb")).route().attempts()).isEqualTo(5);
  }

  @Test
  void deploymentMaxRetriesCapsRetriesOfThatDeployment() {
    h.fake.failAlways("a", Failures::serverError);
    Router router = h.router(deployment("a", "g", "fake/a").maxRetries(0).build());

    assertThat(catchThrowableOfType(UpstreamUnavailable.class, () -> router.generate(request("g")))).isNotNull();
    assertThat(h.fake.calls).hasSize(1);
  }

  @Test
  void anAnswerWithoutImagesIsAFailureAndIsRetried() {
    h.fake.script("a", FakeProvider.EMPTY);
    Router router = h.router(deployment("a", "g", "fake/a").build());

    ImageResponse response = router.generate(request("g"));

    assertThat(response.data()).hasSize(1);
    assertThat(response.route().attempts()).isEqualTo(2);
    assertThat(h.events).contains("fail a UpstreamProtocol");
  }

  @Test
  void anAnswerWithoutImagesIsNeverASuccess() {
    h.fake.script("a", FakeProvider.EMPTY, FakeProvider.EMPTY, FakeProvider.EMPTY);
    Router router = h.router(deployment("a", "g", "fake/a").build());

    assertThat(catchThrowableOfType(UpstreamProtocol.class, () -> router.generate(request("g")))).isNotNull();
  }

  @Test
  void listenerSeesEveryAttempt() {
    h.fake.script("a", serverError());
    Router router = h.router(deployment("a", "g", "fake/a").build());

    router.generate(request("g"));

    assertThat(h.events).containsExactly("start a #1", "fail a UpstreamUnavailable", "start a #2", "ok a");
  }

  @Test
  void backoffGrowsAndIsCapped() {
    h.random.next(0.0);
    GroupCall call = new GroupCall(new RouterContext(h.settings, new SimpleShuffle(), null, h.clock,
        d -> { }, h.random, h.cooldowns, h.traffic, RouterListener.NONE), null);

    assertThat(java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(call::backoff).toList())
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(8));
  }
}
