package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.config.Config;
import dev.imagegate.gateway.http.EdgeLimits;
import dev.imagegate.gateway.http.UpstreamProtocols;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.ProviderRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        Env.of(Map.of()), null, null, false)).hasMessageContaining("general_settings.max_connections must be a "
        + "positive number");
  }

  @Test
  void upstreamProtocolsDefaultToH2ByAlpnAndNoH2cHosts() {
    GatewaySettings defaults = GatewaySettings.from(config("", Map.of()), Env.of(Map.of()), null, null, false);
    GatewaySettings set = GatewaySettings.from(config("""
        general_settings:
          upstream_http2: false
          upstream_h2c_hosts: [Inference.Internal, "127.0.0.1:8000"]
        """, Map.of()), Env.of(Map.of()), null, null, false);

    assertThat(defaults.upstream()).isEqualTo(UpstreamProtocols.DEFAULTS);
    assertThat(defaults.upstream().http2OverTls()).isTrue();
    assertThat(set.upstream().http2OverTls()).isFalse();
    assertThat(set.upstream().h2cHosts()).containsExactlyInAnyOrder("inference.internal", "127.0.0.1:8000");
    assertThatThrownBy(() -> GatewaySettings.from(config("general_settings: {upstream_h2c_hosts: localhost}",
        Map.of()), Env.of(Map.of()), null, null, false))
        .hasMessageContaining("general_settings.upstream_h2c_hosts must be a list of host names");
    assertThatThrownBy(() -> GatewaySettings.from(config("general_settings: {upstream_http2: sometimes}",
        Map.of()), Env.of(Map.of()), null, null, false))
        .hasMessageContaining("general_settings.upstream_http2 must be true or false");
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
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PORT must be a port number (0-65535), got 'http'")
        .hasMessageContaining("general_settings.master_key refers to the environment variable MISSING_KEY")
        .hasMessageContaining("general_settings.max_request_size_mb must be a positive number");
  }
}
