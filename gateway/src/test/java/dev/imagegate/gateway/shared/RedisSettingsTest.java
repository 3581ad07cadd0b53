package dev.imagegate.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.imagegate.provider.Env;
import dev.imagegate.testing.Fixtures;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the Redis comes from: LiteLLM's router_settings keys first, then the environment. */
class RedisSettingsTest {
  private static final Env NONE = Env.of(Map.of());

  private static RedisSettings read(String routerSettings, Env env) {
    JsonNode router = routerSettings == null ? MissingNode.getInstance() : Fixtures.tree(routerSettings);
    return RedisSettings.from(router, env).orElseThrow();
  }

  private static String password(RedisSettings settings) {
    return new String(settings.uri().getCredentialsProvider().resolveCredentials().block().getPassword());
  }

  @Test
  void nothingConfiguredMeansPerProcessState() {
    assertThat(RedisSettings.from(MissingNode.getInstance(), NONE)).isEmpty();
    assertThat(RedisSettings.from(Fixtures.tree("{\"num_retries\": 2}"), Env.of(Map.of("REDIS_PORT", "6380"))))
        .as("a port alone names no server").isEmpty();
    assertThat(SharedState.open(MissingNode.getInstance(), NONE, Clock.systemUTC(), m -> { })
        .describe()).isEqualTo("this process");
  }

  @Test
  void redisUrlInRouterSettingsWinsOverEverythingElse() {
    RedisSettings settings = read("{\"redis_url\": \"redis://:pw@cache.internal:6390/2\", \"redis_host\": \"other\"}",
        Env.of(Map.of("REDIS_URL", "redis://env:1")));

    assertThat(settings.uri().getHost()).isEqualTo("cache.internal");
    assertThat(settings.uri().getPort()).isEqualTo(6390);
    assertThat(settings.uri().getDatabase()).isEqualTo(2);
    assertThat(password(settings)).isEqualTo("pw");
    assertThat(settings.namespace()).isEqualTo("imagegate");
    assertThat(settings.commandTimeout()).isEqualTo(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
  }

  @Test
  void hostPortAndPasswordInRouterSettings() {
    RedisSettings settings = read("{\"redis_host\": \"cache\", \"redis_port\": 6381, \"redis_password\": \"s3cret\"}",
        Env.of(Map.of("REDIS_URL", "redis://env:1")));

    assertThat(settings.uri().getHost()).isEqualTo("cache");
    assertThat(settings.uri().getPort()).isEqualTo(6381);
    assertThat(password(settings)).isEqualTo("s3cret");
    assertThat(read("{\"redis_host\": \"cache\"}", NONE).uri().getPort()).isEqualTo(6379);
  }

  @Test
  void theEnvironmentWhenRouterSettingsNameNoRedis() {
    assertThat(read(null, Env.of(Map.of("REDIS_URL", "redis://env-host:7000", "REDIS_HOST", "ignored")))
        .uri().getHost()).isEqualTo("env-host");
    RedisSettings fromParts = read(null, Env.of(Map.of("REDIS_HOST", "h", "REDIS_PORT", "7001",
        "REDIS_PASSWORD", "p", "IMAGEGATE_REDIS_NAMESPACE", "staging")));

    assertThat(fromParts.uri().getHost()).isEqualTo("h");
    assertThat(fromParts.uri().getPort()).isEqualTo(7001);
    assertThat(password(fromParts)).isEqualTo("p");
    assertThat(fromParts.namespace()).isEqualTo("staging");
  }

  @Test
  void malformedSettingsAreNamed() {
    assertThatThrownBy(() -> read("{\"redis_host\": \"cache\", \"redis_port\": \"sixty\"}", NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router_settings.redis_port")
        .hasMessageContaining("'sixty'");
    assertThatThrownBy(() -> read(null, Env.of(Map.of("REDIS_HOST", "h", "REDIS_PORT", "70000"))))
        .hasMessageContaining("REDIS_PORT");
    assertThatThrownBy(() -> read("{\"redis_url\": \"http://cache:6379\"}", NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router_settings.redis_url");
  }

  @Test
  void aSettingOfTheWrongTypeIsAnErrorNotAnAbsentRedis() {
    assertThatThrownBy(() -> read("{\"redis_host\": [\"cache\"]}", NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("router_settings.redis_host must be a string, got a list");
    assertThatThrownBy(() -> read("{\"redis_url\": {\"host\": \"cache\"}}", NONE))
        .hasMessage("router_settings.redis_url must be a string, got a mapping");
  }

  @Test
  void theDescriptionNeverShowsThePassword() {
    RedisSettings settings = read("{\"redis_url\": \"redis://user:topsecret@cache:6379/1\"}", NONE);

    assertThat(settings.describe()).isEqualTo("redis://cache:6379/1 (namespace 'imagegate')");
    assertThat(settings.toString()).doesNotContain("topsecret");
  }
}
