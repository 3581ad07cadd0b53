package dev.imagegate.guardrail;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.guardrail.GuardrailDecision.Action;
import dev.imagegate.provider.JdkHttpTransport;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code openai_moderation} against a mock speaking OpenAI's {@code POST /v1/moderations}. */
class ModerationCheckTest {
  private static final String FLAGGED_VIOLENCE = """
      {"id": "modr-1", "model": "omni-moderation-latest", "results": [{"flagged": true,
        "categories": {"violence": true, "harassment": false, "self-harm": false},
        "category_scores": {"violence": 0.91, "harassment": 0.42, "self-harm": 0.01}}]}""";
  private static final String CLEAN = """
      {"id": "modr-2", "model": "omni-moderation-latest", "results": [{"flagged": false,
        "categories": {"violence": false, "harassment": false},
        "category_scores": {"violence": 0.02, "harassment": 0.35}}]}""";

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Guardrails configured(String params) {
    String yaml = """
        model_list: []
        guardrails:
          - guardrail_name: moderation
            litellm_params: {guardrail: openai_moderation, api_base: "%s", default_on: true%s}
        """.formatted(server.url("/v1"), params);
    return Guardrails.fromConfig(GuardrailsTest.load(yaml, Map.of()), new JdkHttpTransport());
  }

  @Test
  void sendsThePromptToTheModerationEndpointAndBlocksWhatItFlags() throws Exception {
    server.enqueue(json(200, FLAGGED_VIOLENCE));

    Screening screening = configured(", api_key: sk-mod, model: text-moderation-stable")
        .screen("a violent scene", List.of("moderation"));

    assertThat(screening.decisions()).containsExactly(new GuardrailDecision("moderation", Action.BLOCKED,
        Map.of("violence", 1), "the moderation check flagged it (violence)", null));
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getTarget()).isEqualTo("/v1/moderations");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-mod");
    JsonNode body = Fixtures.tree(sent.getBody().toByteArray());
    assertThat(body.path("model").asText()).isEqualTo("text-moderation-stable");
    assertThat(body.path("input").asText()).isEqualTo("a violent scene");
    assertThatThrownBy(() -> screening.applyTo(ImageRequest.builder("a violent scene").build()))
        .isInstanceOf(ContentPolicyViolation.class).hasMessageContaining("guardrail 'moderation'");
  }

  @Test
  void aCleanAnswerPassesWithTheDefaultModelAndNoKeyForALocalBase() throws Exception {
    server.enqueue(json(200, CLEAN));

    Screening screening = configured("").screen("a lighthouse", List.of("moderation"));

    assertThat(screening.decisions()).extracting(GuardrailDecision::action).containsExactly(Action.PASSED);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getHeaders().get("Authorization")).isNull();
    assertThat(Fixtures.tree(sent.getBody().toByteArray()).path("model").asText())
        .isEqualTo("omni-moderation-latest");
  }

  @Test
  void thresholdsDecideOverTheServicesFlagsAndCategoriesLimitWhatCounts() {
    server.enqueue(json(200, CLEAN));
    server.enqueue(json(200, FLAGGED_VIOLENCE));

    Guardrails strict = configured(", category_thresholds: {harassment: 0.3}");
    Guardrails onlyHarassment = configured(", categories: [harassment]");

    assertThat(strict.screen("mild teasing", List.of("moderation")).decisions().get(0).findings())
        .containsExactlyEntriesOf(Map.of("harassment", 1));
    assertThat(onlyHarassment.screen("a violent scene", List.of("moderation")).decisions())
        .extracting(GuardrailDecision::action).containsExactly(Action.PASSED);
  }

  @Test
  void anUnavailableServiceFailsClosedByDefault() {
    server.enqueue(json(500, "{\"error\":{\"message\":\"moderation is down\"}}"));
    ImageRequest request = ImageRequest.builder("a cat").build();

    assertThatThrownBy(() -> configured("").apply(request)).isInstanceOfSatisfying(UpstreamUnavailable.class, e ->
        assertThat(e.getMessage()).isEqualTo("Guardrail 'moderation' could not check the prompt, and it fails "
            + "closed: the moderation service answered HTTP 500: moderation is down"));
  }

  @Test
  void failOpenLetsTheCallThroughAndRecordsTheError() {
    Guardrails guardrails = Guardrails.fromConfig(GuardrailsTest.load("""
        model_list: []
        guardrails:
          - guardrail_name: moderation
            litellm_params: {guardrail: openai_moderation, api_base: "%s", fail_open: true}
        """.formatted(MockServers.closedPortUrl("/v1")), Map.of()), new JdkHttpTransport());

    Screening screening = guardrails.screen("a cat", List.of("moderation"));

    assertThat(screening.decisions()).singleElement().satisfies(decision -> {
      assertThat(decision.action()).isEqualTo(Action.PASSED);
      assertThat(decision.error()).isNotBlank();
    });
    assertThat(screening.applyTo(ImageRequest.builder("a cat").build()).prompt()).isEqualTo("a cat");
  }

  @Test
  void aSlowServiceTimesOutAndCountsAsUnavailable() {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body(CLEAN).build());

    Screening screening = configured(", timeout: 0.2").screen("a cat", List.of("moderation"));

    assertThat(screening.decisions()).singleElement().satisfies(decision -> {
      assertThat(decision.action()).isEqualTo(Action.BLOCKED);
      assertThat(decision.failed()).isTrue();
    });
  }

  @Test
  void anAnswerWithoutResultsIsAFailedCheck() {
    server.enqueue(json(200, "{\"id\":\"modr-3\",\"results\":[]}"));

    Screening screening = configured("").screen("a cat", List.of("moderation"));

    assertThat(screening.decisions().get(0).error()).isEqualTo("the moderation service answered without results");
  }

  @Test
  void openAisEndpointNeedsAKey() {
    String yaml = """
        model_list: []
        guardrails:
          - guardrail_name: moderation
            litellm_params: {guardrail: openai_moderation}
        """;

    assertThatThrownBy(() -> Guardrails.fromConfig(GuardrailsTest.load(yaml, Map.of()), new JdkHttpTransport()))
        .hasMessageContaining("api_key: is required for OpenAI's moderation endpoint (or set OPENAI_API_KEY)");
    Guardrails fromEnv = Guardrails.fromConfig(GuardrailsTest.load(yaml, Map.of("OPENAI_API_KEY", "sk-env")),
        new JdkHttpTransport());
    assertThat(fromEnv.names()).containsExactly("moderation");
  }
}
