package dev.imagegate.router;

import static dev.imagegate.router.Failures.rateLimited;
import static dev.imagegate.router.Failures.serverError;
import static dev.imagegate.router.Harness.deployment;
import static dev.imagegate.router.Harness.request;
import static dev.imagegate.router.Harness.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamUnavailable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CooldownTest {
  private final Harness h = new Harness();

  private Router pair() {
    h.settings = h.settings.withCooldowns(1, Duration.ofSeconds(5));
    return h.router(deployment("a", "g", "fake/a").order(1).build(), deployment("b", "g", "fake/b").order(2).build());
  }

  @Test
  void aDeploymentFailingMoreThanAllowedFailsCoolsDownThenComesBack() {
    h.fake.script("a", serverError(), serverError());
    Router router = pair();

    assertThat(served(router, request("g"), 2)).containsExactly("b", "b");
    assertThat(h.events).contains("cool a for 5s");
    assertThat(h.cooldowns.coolingUntil("a", h.clock.instant())).contains(Harness.START.plusSeconds(5));

    int callsBefore = h.fake.calls.size();
    assertThat(served(router, request("g"), 1)).containsExactly("b");
    assertThat(h.fake.calledModels().subList(callsBefore, h.fake.calls.size())).containsExactly("b");

    h.clock.advance(Duration.ofSeconds(5));
    assertThat(served(router, request("g"), 1)).containsExactly("a");
  }

  @Test
  void failuresOlderThanAMinuteDoNotCount() {
    h.fake.script("a", serverError(), serverError());
    Router router = pair();

    served(router, request("g"), 1);
    h.clock.advance(Duration.ofSeconds(61));
    served(router, request("g"), 1);

    assertThat(h.events).noneMatch(e -> e.startsWith("cool"));
  }

  @Test
  void authenticationAndNotFoundCountTowardsCooldowns() {
    h.fake.script("a", Failures.unauthorized(), new dev.imagegate.error.NotFound("fake error 404: no such model",
        Failures.status(404)));
    Router router = pair();

    served(router, request("g"), 2);

    assertThat(h.events).contains("cool a for 5s");
  }

  @Test
  void badRequestsNeverCoolADeploymentDown() {
    h.settings = h.settings.withCooldowns(0, Duration.ofSeconds(5));
    h.fake.script("a", Failures.badRequest());
    Router router = h.router(deployment("a", "g", "fake/a").order(1).build(),
        deployment("b", "g", "fake/b").order(2).build());

    catchThrowableOfType(dev.imagegate.error.BadRequest.class, () -> router.generate(request("g")));

    assertThat(h.cooldowns.coolingUntil("a", h.clock.instant())).isEmpty();
  }

  @Test
  void aGroupsOnlyDeploymentIsNotCooledDownByServerErrors() {
    h.settings = h.settings.withCooldowns(0, Duration.ofSeconds(5)).withNumRetries(0);
    h.fake.script("a", serverError(), serverError());
    Router router = h.router(deployment("a", "g", "fake/a").build());

    catchThrowableOfType(UpstreamUnavailable.class, () -> router.generate(request("g")));
    catchThrowableOfType(UpstreamUnavailable.class, () -> router.generate(request("g")));

    assertThat(h.fake.calls).hasSize(2);
    assertThat(router.generate(request("g")).route().deploymentId()).isEqualTo("a");
  }

  @Test
  void aGroupsOnlyDeploymentCoolsDownOnRateLimitsForItsRetryAfter() {
    h.settings = h.settings.withCooldowns(0, Duration.ofSeconds(5)).withNumRetries(0);
    h.fake.script("a", rateLimited(Duration.ofSeconds(10)));
    Router router = h.router(deployment("a", "g", "fake/a").build());

    catchThrowableOfType(RateLimited.class, () -> router.generate(request("g")));
    RateLimited cooling = catchThrowableOfType(RateLimited.class, () -> router.generate(request("g")));

    assertThat(cooling.getMessage()).contains("cooling down");
    assertThat(cooling.retryAfter()).contains(Duration.ofSeconds(10));
    assertThat(h.fake.calls).hasSize(1);

    h.clock.advance(Duration.ofSeconds(10));
    assertThat(router.generate(request("g")).route().deploymentId()).isEqualTo("a");
  }

  @Test
  void aRateLimitWithoutRetryAfterCoolsDownForCooldownTime() {
    h.settings = h.settings.withCooldowns(0, Duration.ofSeconds(5));
    h.fake.script("a", rateLimited(null));
    Router router = h.router(deployment("a", "g", "fake/a").order(1).build(),
        deployment("b", "g", "fake/b").order(2).build());

    router.generate(request("g"));

    assertThat(h.events).contains("cool a for 5s");
  }
}
