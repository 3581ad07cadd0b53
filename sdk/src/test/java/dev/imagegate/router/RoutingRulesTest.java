package dev.imagegate.router;

import static dev.imagegate.router.Harness.deployment;
import static dev.imagegate.router.Harness.request;
import static dev.imagegate.router.Harness.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.cost.PriceOverrides;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.RateLimited;
import dev.imagegate.provider.ProviderCall;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {
  private final Harness h = new Harness();

  private Router tagged() {
    h.settings = h.settings.withTagFiltering(true);
    return h.router(deployment("eu", "g", "fake/a").tags(List.of("eu", "gdpr")).build(),
        deployment("us", "g", "fake/b").tags(List.of("us")).build(),
        deployment("any", "g", "fake/c").tags(List.of("default")).build());
  }

  @Test
  void requestTagsSelectDeploymentsWithAMatchingTag() {
    Router router = tagged();

    assertThat(served(router, request("g").toBuilder().tags(List.of("gdpr")).build(), 3)).containsOnly("eu");
    assertThat(served(router, request("g").toBuilder().tags(List.of("us", "x")).build(), 3)).containsOnly("us");
  }

  @Test
  void defaultTaggedDeploymentsCatchUntaggedAndUnmatchedRequests() {
    Router router = tagged();

    assertThat(served(router, request("g"), 3)).containsOnly("any");
    assertThat(served(router, request("g").toBuilder().tags(List.of("apac")).build(), 2)).containsOnly("any");
  }

  @Test
  void aTagNoDeploymentHasIsABadRequestWhenThereIsNoDefault() {
    h.settings = h.settings.withTagFiltering(true);
    Router router = h.router(deployment("eu", "g", "fake/a").tags(List.of("eu")).build());

    BadRequest error = catchThrowableOfType(BadRequest.class,
        () -> router.generate(request("g").toBuilder().tags(List.of("us")).build()));

    assertThat(error.param()).isEqualTo("tags");
    assertThat(h.fake.calls).isEmpty();
  }

  @Test
  void tagsAreIgnoredUnlessTagFilteringIsEnabled() {
    Router router = h.router(deployment("eu", "g", "fake/a").tags(List.of("eu")).build());

    assertThat(served(router, request("g").toBuilder().tags(List.of("us")).build(), 1)).containsOnly("eu");
  }

  @Test
  void rpmLimitsSkipFullDeploymentsThenRateLimitUntilTheNextMinute() {
    Router router = h.router(deployment("a", "g", "fake/a").rpm(1).build(), deployment("b", "g", "fake/b").rpm(2)
        .build());

    assertThat(served(router, request("g"), 3)).containsExactlyInAnyOrder("a", "b", "b");
    RateLimited error = catchThrowableOfType(RateLimited.class, () -> router.generate(request("g")));

    assertThat(error.retryAfter()).contains(Duration.ofSeconds(45));
    assertThat(error.getMessage()).contains("rpm limit").contains("45 s");
    assertThat(h.fake.calls).hasSize(3);

    h.clock.advance(Duration.ofSeconds(45));
    assertThat(router.generate(request("g")).route().attempts()).isEqualTo(1);
  }

  @Test
  void rpmSlotsAreTakenAtomicallyUnderConcurrency() throws Exception {
    h.fake.script("a", Failures.badRequest());
    Router router = h.router(deployment("a", "g", "fake/a").rpm(5).build());
    List<Future<ImageResponse>> futures;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      futures = IntStream.range(0, 40).mapToObj(i -> threads.submit(() -> router.generate(request("g")))).toList();
    }

    long served = futures.stream().filter(f -> f.state() == Future.State.SUCCESS).count();
    long limited = futures.stream().filter(f -> f.state() == Future.State.FAILED)
        .filter(f -> f.exceptionNow() instanceof RateLimited).count();

    assertThat(served).isEqualTo(4);
    assertThat(limited).isEqualTo(35);
    assertThat(h.fake.calls).hasSize(5);
    assertThat(h.traffic.inFlight("a")).isZero();
  }

  @Test
  void deploymentsThatCannotServeTheParametersAreSkippedBeforeSpending() {
    h.fake.capabilities("small", FakeProvider.sizes("256x256")).capabilities("big", FakeProvider.sizes("1024x1024"));
    Router router = h.router(deployment("small", "g", "fake/small").build(),
        deployment("big", "g", "fake/big").build());
    ImageRequest large = request("g").toBuilder().size("1024x1024").build();

    assertThat(served(router, large, 4)).containsOnly("big");
    assertThat(h.fake.calledModels()).containsOnly("big");
  }

  @Test
  void whenNoDeploymentCanServeTheRequestTheParamIsNamed() {
    h.fake.capabilities("small", FakeProvider.sizes("256x256"));
    Router router = h.router(deployment("small", "g", "fake/small").build());

    BadRequest error = catchThrowableOfType(BadRequest.class,
        () -> router.generate(request("g").toBuilder().size("2048x2048").build()));

    assertThat(error.param()).isEqualTo("size");
    assertThat(error.getMessage()).contains("model group 'g'").contains("256x256");
    assertThat(h.fake.calls).isEmpty();
  }

  @Test
  void dropParamsOnTheDeploymentDropsWhatItCannotTake() {
    h.fake.capabilities("small", FakeProvider.sizes("256x256"));
    Router router = h.router(deployment("small", "g", "fake/small").dropParams(true).build());

    router.generate(request("g").toBuilder().size("2048x2048").build());

    assertThat(h.fake.calls.get(0).request().size()).isNull();
  }

  @Test
  void timeoutsComeFromTheRequestThenTheDeploymentThenTheRouterThen600Seconds() {
    h.settings = h.settings.withTimeout(Duration.ofSeconds(90));
    Router router = h.router(deployment("d", "with", "fake/a").timeout(Duration.ofSeconds(30)).build(),
        deployment("r", "without", "fake/b").build());
    router.generate(request("with").toBuilder().timeout(Duration.ofSeconds(5)).build());
    router.generate(request("with"));
    router.generate(request("without"));
    h.settings = RouterSettings.DEFAULTS;
    h.router(deployment("x", "plain", "fake/c").build()).generate(request("plain"));

    assertThat(h.fake.calls).extracting(ProviderCall::timeout).containsExactly(Duration.ofSeconds(5),
        Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(600));
  }

  @Test
  void theDeploymentsCredentialsAndSettingsWinButCallerPortableParamsWin() {
    Router router = h.router(deployment("d", "g", "fake/a").apiKey("sk-deployment").apiBase("http://deployment")
        .settings(Map.of("region", "eu-west-1", "seed", 1))
        .defaults(new RequestDefaults(2, null, "hd", "vivid", null, null)).build());

    router.generate(request("g").toBuilder().apiKey("sk-caller").apiBase("http://caller").quality("standard")
        .extra("seed", 7).extra("negative_prompt", "fog").build());

    ImageRequest sent = h.fake.calls.get(0).request();
    assertThat(sent.apiKey()).isEqualTo("sk-deployment");
    assertThat(sent.apiBase()).isEqualTo("http://deployment");
    assertThat(sent.model()).isEqualTo("fake/a");
    assertThat(sent.quality()).isEqualTo("standard");
    assertThat(sent.style()).isEqualTo("vivid");
    assertThat(sent.n()).isEqualTo(2);
    assertThat(sent.extras()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "eu-west-1", "seed", 1,
        "negative_prompt", "fog"));
  }

  @Test
  void costUsesTheTableOrTheDeploymentsOverridesOrItsBaseModel() {
    PriceOverrides override = PriceOverrides.of(Map.of("output_cost_per_image", new BigDecimal("0.011")));
    Router router = h.router(deployment("table", "t", "fake/a").build(),
        deployment("override", "o", "fake/a").prices(override).build(),
        deployment("based", "b", "fake/my-deployment").baseModel("b").build());
    ImageRequest two = request("t").toBuilder().n(2).build();

    assertThat(router.generate(two).cost()).isEqualTo(Cost.table(new BigDecimal("0.08")));
    assertThat(router.generate(two.toBuilder().model("o").build()).cost())
        .isEqualTo(Cost.override(new BigDecimal("0.022")));
    assertThat(router.generate(two.toBuilder().model("b").build()).cost())
        .isEqualTo(Cost.table(new BigDecimal("0.04")));
  }

  @Test
  void unpricedCallsAreExplicitAndWarnedOncePerModel() {
    Router router = h.router(deployment("d", "g", "fake/unknown").build());

    ImageResponse first = router.generate(request("g"));
    router.generate(request("g"));

    assertThat(first.cost().priced()).isFalse();
    assertThat(first.cost().usd()).isEmpty();
    assertThat(h.costWarnings).hasSize(1).first().asString().contains("fake/unknown");
  }

  @Test
  void estimateIsTheHighestPerImagePriceTimesN() {
    Router router = h.router(deployment("a", "g", "fake/a").build(), deployment("b", "g", "fake/b").build());

    assertThat(router.estimate(request("g").toBuilder().n(3).build()))
        .isEqualTo(Cost.table(new BigDecimal("0.12")));
  }

  @Test
  void aProviderModelStringWorksWhenNoGroupHasThatName() {
    Router router = h.router(deployment("d", "g", "fake/a").build());

    ImageResponse response = router.generate(request("fake/direct").toBuilder().apiKey("sk-caller").build());

    assertThat(response.route().deploymentId()).isEqualTo("fake/direct");
    assertThat(h.fake.calls.get(0).request().apiKey()).isEqualTo("sk-caller");
  }

  @Test
  void anUnknownGroupNamesTheKnownGroups() {
    Router router = h.router(deployment("d", "images", "fake/a").build());

    NotFound error = catchThrowableOfType(NotFound.class, () -> router.generate(request("nope")));

    assertThat(error.getMessage()).contains("Unknown model group 'nope'").contains("images");
  }

  @Test
  void groupsAndDeploymentsAreListedForTheGateway() {
    Router router = h.router(deployment("a", "images", "fake/a").build(), deployment("b", "images", "fake/b").build(),
        deployment("c", "chat", "fake/c").modelInfo(new ModelInfo("c", "chat", null, Map.of())).build(),
        deployment("x", "chat", "anthropic/claude").build());

    assertThat(router.groups()).extracting(ModelGroup::name).containsExactly("images", "chat");
    assertThat(router.group("images").orElseThrow().deployments()).extracting(Deployment::id).containsExactly("a", "b");
    assertThat(router.group("chat").orElseThrow().imageCapable()).isFalse();
    assertThat(router.deployment("b")).map(Deployment::model).contains("fake/b");
    assertThat(router.deployment("zz")).isEmpty();
  }

  @Test
  void deploymentToStringMasksTheKey() {
    Deployment deployment = deployment("d", "g", "fake/a").apiKey("sk-abcdefghijklmnop")
        .settings(Map.of("aws_secret_access_key", "abcdefghijklmnopqrstu", "region", "us-east-1")).build();

    assertThat(deployment.toString()).doesNotContain("abcdefghijklmnop").contains("sk-...mnop")
        .contains("us-east-1");
  }

  @Test
  void validateRefusesWhatNoDeploymentCanServeWithoutCallingAnyone() {
    Router router = h.router(deployment("d", "images", "openai/dall-e-3").build());

    BadRequest e = catchThrowableOfType(BadRequest.class,
        () -> router.validate(ImageRequest.builder("x").model("images").n(3).build()));

    assertThat(e.param()).isEqualTo("n");
    assertThat(e.getMessage()).startsWith("No deployment of model group 'images'");
    router.validate(ImageRequest.builder("x").model("images").n(1).build());
    assertThat(h.fake.calls).isEmpty();
  }
}
