package dev.imagegate.guardrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.ImageRequest;
import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.guardrail.GuardrailDecision.Action;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.JdkHttpTransport;
import dev.imagegate.provider.ProviderRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code guardrails:} section: parsing, which guardrails run for a call, and running them in order. */
class GuardrailsTest {
  private static final String CONFIG = """
      model_list:
        - model_name: demo
          litellm_params: {model: mock/imagegate-demo}
      guardrails:
        - guardrail_name: no-pii
          litellm_params:
            guardrail: pii
            mode: pre_call
            default_on: true
            pii_entities_config: {CREDIT_CARD: BLOCK}
        - guardrail_name: brand-words
          litellm_params:
            guardrail: keyword_blocklist
            mode: [pre_call]
            keywords: [acme]
            action: mask
        - guardrail_name: short
          litellm_params: {guardrail: prompt_length, max_chars: 40}
        - guardrail_name: polite
          params: {guardrail: dev.imagegate.guardrail.ShoutingGuardrail, word: LOUD}
      """;

  static Config load(String yaml, Map<String, String> env) {
    return new ConfigLoader(Env.of(env), ProviderRegistry.standard()).parse(yaml, "guardrails.yaml");
  }

  private static Guardrails guardrails(String yaml) {
    return Guardrails.fromConfig(load(yaml, Map.of()), new JdkHttpTransport());
  }

  @Test
  void selectionIsDefaultOnPlusRequestPlusKeyInConfigOrder() {
    Guardrails guardrails = guardrails(CONFIG);

    assertThat(guardrails.names()).containsExactly("no-pii", "brand-words", "short", "polite");
    assertThat(guardrails.select(List.of(), List.of())).containsExactly("no-pii");
    assertThat(guardrails.select(List.of("polite"), List.of("brand-words"))).containsExactly("no-pii",
        "brand-words", "polite");
  }

  @Test
  void anUnknownGuardrailInTheRequestIsABadRequestNamingIt() {
    Guardrails guardrails = guardrails(CONFIG);

    assertThatThrownBy(() -> guardrails.select(List.of("no-pii", "nsfw"), List.of()))
        .isInstanceOfSatisfying(BadRequest.class, e -> {
          assertThat(e.param()).isEqualTo("guardrails");
          assertThat(e.getMessage()).isEqualTo("Unknown guardrail 'nsfw'. Configured guardrails: no-pii, "
              + "brand-words, short, polite");
        });
    assertThatThrownBy(() -> guardrails.select(List.of(), List.of("gone")))
        .hasMessageContaining("Unknown guardrail 'gone' (set on your API key)");
  }

  @Test
  void masksChainAndEachDecisionIsRecorded() {
    Guardrails guardrails = guardrails(CONFIG);

    Screening screening = guardrails.screen("ACME logo, mail me at a@b.io",
        List.of("no-pii", "brand-words", "polite"));

    assertThat(screening.prompt()).isEqualTo("[redacted] logo, mail me at <email_address>");
    assertThat(screening.decisions()).extracting(GuardrailDecision::guardrail, GuardrailDecision::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("no-pii", Action.MASKED),
            org.assertj.core.groups.Tuple.tuple("brand-words", Action.MASKED),
            org.assertj.core.groups.Tuple.tuple("polite", Action.MASKED));
    assertThat(screening.decisions().get(0).findings()).containsExactlyEntriesOf(Map.of("EMAIL_ADDRESS", 1));
    ImageRequest request = ImageRequest.builder("ACME logo, mail me at a@b.io").model("demo").build();
    assertThat(screening.applyTo(request).prompt()).isEqualTo(screening.prompt());
  }

  @Test
  void aBlockStopsTheRunAndBecomesAContentPolicyViolationNamingTheGuardrail() {
    Guardrails guardrails = guardrails(CONFIG);

    Screening screening = guardrails.screen("a LOUD poster", List.of("short", "polite", "brand-words"));

    assertThat(screening.decisions()).extracting(GuardrailDecision::action)
        .containsExactly(Action.PASSED, Action.BLOCKED);
    assertThat(screening.blockedBy()).get().extracting(GuardrailDecision::guardrail).isEqualTo("polite");
    assertThatThrownBy(() -> screening.applyTo(ImageRequest.builder("a LOUD poster").build()))
        .isInstanceOfSatisfying(ContentPolicyViolation.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("content_policy_violation");
          assertThat(e.getMessage()).isEqualTo("Your prompt was blocked by guardrail 'polite': no shouting");
        });
  }

  @Test
  void aGuardrailThatThrowsFailsClosedUnlessItFailsOpen() {
    Guardrail broken = prompt -> {
      throw new IllegalStateException("service down");
    };
    Guardrails closed = Guardrails.of(List.of(new Guardrails.Configured("strict", broken, true, false)));
    Guardrails open = Guardrails.of(List.of(new Guardrails.Configured("lenient", broken, true, true)));
    ImageRequest request = ImageRequest.builder("a cat").build();

    assertThatThrownBy(() -> closed.apply(request)).isInstanceOfSatisfying(UpstreamUnavailable.class, e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.getMessage()).isEqualTo("Guardrail 'strict' could not check the prompt, and it fails closed: "
          + "service down");
    });
    Screening lenient = open.screen("a cat", List.of("lenient"));
    assertThat(lenient.decisions()).containsExactly(new GuardrailDecision("lenient", Action.PASSED, Map.of(), null,
        "service down"));
    assertThat(open.apply(request)).isSameAs(request);
  }

  @Test
  void everyConfigProblemIsReportedWithItsLine() {
    String yaml = """
        model_list: []
        guardrails:
          - guardrail_name: a
            litellm_params: {guardrail: keyword_blocklist, mode: post_call}
          - guardrail_name: b
            litellm_params:
              guardrail: pii
              action: hide
              entities: [EMAIL_ADDRESS, PASSPORT]
          - guardrail_name: c
            litellm_params: {guardrail: keyword_blocklist, patterns: ["(unclosed"], keyword: [x]}
          - guardrail_name: d
            litellm_params: {guardrail: presidio}
          - guardrail_name: e
            litellm_params: {guardrail: com.example.Missing}
          - guardrail_name: a
            litellm_params: {guardrail: prompt_length, max_chars: 0}
          - guardrail_name: m
            litellm_params: {guardrail: openai_moderation, api_key: os.environ/MISSING_MODERATION_KEY}
        """;

    assertThatThrownBy(() -> guardrails(yaml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guardrails.yaml:4: guardrails[0].litellm_params.mode: mode 'post_call' is not "
            + "supported")
        .hasMessageContaining("guardrails.yaml:4: guardrails[0].litellm_params: a keyword_blocklist needs "
            + "keywords or patterns")
        .hasMessageContaining("guardrails.yaml:8: guardrails[1].litellm_params.action: must be block or mask, "
            + "got 'hide'")
        .hasMessageContaining("guardrails.yaml:9: guardrails[1].litellm_params.entities: unknown entity "
            + "'PASSPORT'")
        .hasMessageContaining("guardrails.yaml:11: guardrails[2].litellm_params.keyword: unknown setting")
        .hasMessageContaining("guardrails.yaml:13: guardrails[3].litellm_params.guardrail: unknown guardrail "
            + "'presidio'")
        .hasMessageContaining("guardrails.yaml:15: guardrails[4].litellm_params.guardrail: no class "
            + "com.example.Missing on the classpath")
        .hasMessageContaining("guardrails.yaml:17: guardrails[5].litellm_params.max_chars: must be a whole number")
        .hasMessageContaining("guardrails[6].litellm_params.api_key: environment variable MISSING_MODERATION_KEY "
            + "is not set");
  }

  @Test
  void noSectionMeansNoGuardrails() {
    Guardrails none = guardrails("model_list: []\n");

    assertThat(none.isEmpty()).isTrue();
    ImageRequest request = ImageRequest.builder("anything at all").build();
    assertThat(none.apply(request)).isSameAs(request);
  }

  @Test
  void aSettingOfTheWrongTypeIsAnErrorWithItsLineNotItsDefault() {
    String yaml = """
        guardrails:
          - guardrail_name: m
            litellm_params:
              guardrail: openai_moderation
              api_key: sk-mod
              default_on: sometimes
              timeout: soon
              category_thresholds: {violence: 2}
          - guardrail_name: [n]
            litellm_params: {guardrail: prompt_length, max_chars: 10}
          - guardrail_name: p
            litellm_params: {guardrail: prompt_length, max_chars: many}
        """;

    assertThatThrownBy(() -> guardrails(yaml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guardrails.yaml:6: guardrails[0].litellm_params.default_on: must be true or false, "
            + "got 'sometimes'")
        .hasMessageContaining("guardrails.yaml:7: guardrails[0].litellm_params.timeout: must be a number of at "
            + "least 0, got 'soon'")
        .hasMessageContaining("guardrails.yaml:8: guardrails[0].litellm_params.category_thresholds.violence: must "
            + "be a number from 0 to 1, got '2'")
        .hasMessageContaining("guardrails.yaml:9: guardrails[1].guardrail_name: must be a string, got a list")
        .hasMessageContaining("guardrails.yaml:12: guardrails[2].litellm_params.max_chars: must be a whole number "
            + "of at least 1, got 'many'");
  }
}
