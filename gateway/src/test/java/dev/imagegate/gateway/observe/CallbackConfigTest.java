package dev.imagegate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.config.Config;
import dev.imagegate.config.ConfigLoader;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.JdkHttpTransport;
import dev.imagegate.provider.ProviderRegistry;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code litellm_settings.callbacks} and {@code callback_settings}: which callbacks are built, and the errors. */
class CallbackConfigTest {
  private final List<String> warnings = new ArrayList<>();

  private List<CallbackQueue> build(String yaml, Map<String, String> env) {
    Config config = new ConfigLoader(Env.of(env), ProviderRegistry.standard()).parse("model_list: []\n" + yaml,
        "callbacks.yaml");
    return new CallbackConfig(config, new JdkHttpTransport(), new PrintStream(OutputStream.nullOutputStream()),
        warnings::add).build();
  }

  @Test
  void namesBecomeQueuesAndLiteLlmsOtherIntegrationsAreWarnings() {
    List<CallbackQueue> queues = build("""
        litellm_settings:
          callbacks: [json_logs, prometheus]
          success_callback: [generic_api, langfuse]
          failure_callback: [generic_api]
        """, Map.of("GENERIC_LOGGER_ENDPOINT", "http://127.0.0.1:9/logs",
        "GENERIC_LOGGER_HEADERS", "Authorization=Bearer t,X-Env=prod"));

    assertThat(queues).extracting(CallbackQueue::name).containsExactly("json_logs", "generic_api");
    assertThat(queues.get(1).callback()).isInstanceOf(Webhook.class);
    assertThat(warnings).singleElement().asString().contains("'langfuse' is not a callback imagegate has");
    queues.forEach(q -> q.close(Duration.ZERO));
  }

  @Test
  void gatewayLoggerHeadersFromTheEnvironmentAreKeyValuePairs() {
    assertThat(CallbackConfig.envHeaders("Authorization=Bearer t, X-Env=prod,broken")).containsExactly(
        Map.entry("Authorization", "Bearer t"), Map.entry("X-Env", "prod"));
  }

  @Test
  void everyProblemIsReportedWithItsLine() {
    assertThatThrownBy(() -> build("""
        litellm_settings:
          callbacks: [audit, broken, mine, otel]
        callback_settings:
          audit: {callback_type: webhook, event_types: [sucess]}
          broken: {callback_type: com.example.NoSuchCallback}
          mine: {callback_type: java.lang.String, queue_size: 0}
        """, Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callbacks.yaml:5: callback_settings.audit.event_types: unknown event type 'sucess'")
        .hasMessageContaining("callback_settings.audit.endpoint: is required (or set GENERIC_LOGGER_ENDPOINT)")
        .hasMessageContaining("callbacks.yaml:6: callback_settings.broken: no class com.example.NoSuchCallback")
        .hasMessageContaining("callback_settings.mine.queue_size: must be a whole number of at least 1")
        .hasMessageContaining("callback_settings.mine: java.lang.String does not implement")
        .hasMessageContaining("callback_settings.otel: OTEL_EXPORTER_OTLP_PROTOCOL 'grpc' is not supported");
  }

  @Test
  void aSettingOfTheWrongTypeIsAnErrorWithItsLineNotItsDefault() {
    assertThatThrownBy(() -> build("""
        litellm_settings:
          callbacks: [audit]
        callback_settings:
          audit: {callback_type: webhook, endpoint: "http://127.0.0.1:1/log", log_format: [ndjson], max_retries: two,
                  timeout: {s: 1}}
        """, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callbacks.yaml:5: callback_settings.audit.log_format: must be a string, got a list")
        .hasMessageContaining("callbacks.yaml:5: callback_settings.audit.max_retries: must be a whole number of at "
            + "least 0, got 'two'")
        .hasMessageContaining("callbacks.yaml:6: callback_settings.audit.timeout: must be a whole number of at "
            + "least 1, got a mapping");
  }
}
