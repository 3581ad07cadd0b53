package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.config.Config;
import dev.imagegate.gateway.http.EdgeLimits;
import dev.imagegate.config.ConfigException;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewaySettingsTest {
  private static Config config(String general, Map<String, String> env) {
    return new ConfigLoader(Env.of(env), ProviderRegistry.standard()).parse(
        "model_list:\n  - model_name: m\n    litellm_params: {model: mock/m}\n" + general, "c.yaml");
  }

  @Test
  void defaultsWhenNothingIsSet() {
    GatewaySettings settings = GatewaySettings.from(config("", Map.of()), Env.of(Map.of()), null, null, false);

    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isEqualTo(4000);
    assertThat(settings.masterKey()).isNull();
    assertThat(settings.maxRequestBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(settings.maxResponseBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(settings.imageTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.publicUrl(4000)).isEqualTo("http://localhost:4000");
  }

  @Test
  void edgeLimitsHaveDefaultsAndAreReadFromGeneralSettings() {
    GatewaySettings defaults = GatewaySettings.from(config("", Map.of()), Env.of(Map.of()), null, null, false);
    GatewaySettings set = GatewaySettings.from(config("""
        general_settings:
          request_header_timeout_seconds: 5
          request_body_timeout_seconds: 12.5
          max_connections: 900
          max_connections_per_client: 40
        """, Map.of()), Env.of(Map.of()), null, null, false);

    assertThat(defaults.edge()).isEqualTo(EdgeLimits.DEFAULTS);
    assertThat(defaults.edge().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.edge().bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.edge()).isEqualTo(new EdgeLimits(Duration.ofSeconds(5), Duration.ofMillis(12_500), 900, 40));
    assertThat(defaults.fetch().httpHosts()).isEmpty();
    assertThat(defaults.fetch().maxBytes()).isEqualTo(50L * 1024 * 1024);
    GatewaySettings fetching = GatewaySettings.from(config("""
        general_settings:
          image_fetch_http_hosts: [Files.Internal, localhost]
          image_fetch_max_mb: 2
          image_fetch_timeout_seconds: 5
        """, Map.of()), Env.of(Map.of()), null, null, false);
    assertThat(fetching.fetch().httpHosts()).containsExactlyInAnyOrder("files.internal", "localhost");
    assertThat(fetching.fetch().maxBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(fetching.fetch().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> GatewaySettings.from(config("general_settings: {image_fetch_http_hosts: files}",
        Map.of()), Env.of(Map.of()), null, null, false)).hasMessageContaining("must be a list of host names");
    assertThatThrownBy(() -> GatewaySettings.from(config("general_settings: {max_connections: -1}", Map.of()),
        Env.of(Map.of()), null, null, false)).hasMessageContaining("c.yaml:4: general_settings.max_connections: "
        + "must be a positive number");
  }

  @Test
  void generalSettingsAndTheEnvironment() {
    Map<String, String> env = Map.of("PORT", "8080", "HOST", "127.0.0.1", "ADMIN_KEY", "sk-admin",
        "IMAGEGATE_PUBLIC_URL", "https://images.example.com/");
    GatewaySettings settings = GatewaySettings.from(config("""
        general_settings:
          master_key: os.environ/ADMIN_KEY
          max_request_size_mb: 2
          image_url_ttl_seconds: 60
        """, env), Env.of(env), null, null, false);

    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.masterKey()).isEqualTo("sk-admin");
    assertThat(settings.maxRequestBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(settings.imageTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.publicUrl(8080)).isEqualTo("https://images.example.com");
  }

  @Test
  void flagsWinAndTheMasterKeyMayComeFromLiteLlmsVariable() {
    Map<String, String> env = Map.of("PORT", "8080", "LITELLM_MASTER_KEY", "sk-litellm");
    GatewaySettings settings = GatewaySettings.from(config("", env), Env.of(env), "::", 9000, true);

    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.masterKey()).isEqualTo("sk-litellm");
    assertThat(settings.detailedDebug()).isTrue();
    assertThat(settings.publicUrl(9000)).isEqualTo("http://localhost:9000");
  }

  @Test
  void everyBadSettingIsReportedAtOnce() {
    Map<String, String> env = Map.of("PORT", "http");
    assertThatThrownBy(() -> GatewaySettings.from(config("""
        general_settings:
          master_key: os.environ/MISSING_KEY
          max_request_size_mb: -1
        """, env), Env.of(env), null, null, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PORT must be a port number (0-65535), got 'http'")
        .hasMessageContaining("c.yaml:5: general_settings.master_key: environment variable MISSING_KEY is not set")
        .hasMessageContaining("c.yaml:6: general_settings.max_request_size_mb: must be a positive number");
  }

  /** Each setting of the wrong type is an error naming its key and line, never read as its default. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      general_settings: {store_prompts_in_spend_logs: yes please}     | general_settings.store_prompts_in_spend_logs: must be true or false, got 'yes please'
      general_settings: {spend_journal_fsync: [true]}                 | general_settings.spend_journal_fsync: must be true or false, got a list
      general_settings: {max_request_size_mb: ten}                    | general_settings.max_request_size_mb: must be a positive number, got 'ten'
      general_settings: {image_url_ttl_seconds: {s: 1}}               | general_settings.image_url_ttl_seconds: must be a positive number, got a mapping
      general_settings: {proxy_batch_write_at: soon}                  | general_settings.proxy_batch_write_at: must be a number of at least 0, got 'soon'
      general_settings: {request_body_timeout_seconds: 0}             | general_settings.request_body_timeout_seconds: must be a positive number of seconds
      general_settings: {master_key: [sk-1]}                          | general_settings.master_key: must be a string, got a list
      general_settings: {image_dir: ''}                               | general_settings.image_dir: must be a non-empty string
      general_settings: {budget_checks_on_outage: maybe}              | general_settings.budget_checks_on_outage: must be fail_closed or per_process (got 'maybe')
      general_settings: {image_fetch_http_hosts: [a/b]}               | general_settings.image_fetch_http_hosts: must be a list of host names
      litellm_settings: {json_logs: 1}                                | litellm_settings.json_logs: must be true or false, got '1'
      litellm_settings: {require_auth_for_metrics_endpoint: 'on'}     | litellm_settings.require_auth_for_metrics_endpoint: must be true or false, got 'on'
      litellm_settings: {litellm_compatible_metrics: {a: 1}}          | litellm_settings.litellm_compatible_metrics: must be true or false, got a mapping
      """)
  void aValueOfTheWrongTypeIsAnErrorWithItsKeyAndLine(String yaml, String problem) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> GatewaySettings.from(config(yaml + "\n", Map.of()), Env.of(Map.of()), null, null, false));

    assertThat(e.errors()).extracting(Object::toString).containsExactly("c.yaml:4: " + problem);
  }

  @Test
  void switchesAreReadFromLitellmSettings() {
    GatewaySettings settings = GatewaySettings.from(config("""
        litellm_settings:
          json_logs: true
          require_auth_for_metrics_endpoint: "true"
        """, Map.of()), Env.of(Map.of()), null, null, false);
    GatewaySettings defaults = GatewaySettings.from(config("", Map.of()), Env.of(Map.of()), null, null, false);

    assertThat(settings.switches()).isEqualTo(new GatewaySettings.Switches(true, true, false));
    assertThat(defaults.switches()).isEqualTo(GatewaySettings.Switches.DEFAULTS);
  }
}
