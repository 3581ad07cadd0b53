package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.testing.Redis;
import dev.imagegate.gateway.testing.TcpProxy;
import dev.imagegate.testing.MutableClock;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real gateways configured with one Redis ({@code router_settings.redis_url}) share their rpm limits. */
class GatewaySharedStateTest {
  private static final String BODY = "{\"model\":\"images\",\"prompt\":\"a fox\",\"size\":\"16x16\"}";

  @TempDir
  Path dirA;
  @TempDir
  Path dirB;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:10Z"));
  private final List<AutoCloseable> open = new ArrayList<>();
  private String namespace;

  @BeforeAll
  static void redis() {
    Redis.require("GatewaySharedStateTest");
  }

  @BeforeEach
  void namespace() {
    namespace = Redis.newNamespace();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
    Redis.clear(namespace);
  }

  private TestGateway gateway(String redisUrl, Path dir) throws Exception {
    String yaml = """
        model_list:
          - model_name: images
            litellm_params: {model: mock/imagegate-demo, rpm: 3}
        router_settings:
          redis_url: %s
        """.formatted(redisUrl);
    TestGateway gateway = new TestGateway(yaml, Map.of("IMAGEGATE_REDIS_NAMESPACE", namespace), dir, clock);
    open.add(gateway);
    return gateway;
  }

  @Test
  void twoGatewaysShareOneRpmLimit() throws Exception {
    TestGateway a = gateway(Redis.URL, dirA);
    TestGateway b = gateway(Redis.URL, dirB);
    List<Integer> statuses = new ArrayList<>();

    for (TestGateway gateway : List.of(a, b, a, b, a)) {
      statuses.add(gateway.post("/v1/images/generations", BODY).statusCode());
    }
    HttpResponse<String> refused = b.post("/v1/images/generations", BODY);

    assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("rpm limit");
    assertThat(refused.headers().firstValue("retry-after")).contains("50");
    assertThat(a.log.toString(StandardCharsets.UTF_8)).doesNotContain("Redis");
  }

  @Test
  void aGatewayStartsAndServesWhenItsRedisIsDownAndSaysSoWithoutThePassword() throws Exception {
    TcpProxy proxy = new TcpProxy(new InetSocketAddress(Redis.HOST, Redis.PORT));
    open.add(proxy);
    proxy.cut();

    TestGateway gateway = gateway("redis://:hunter2@127.0.0.1:" + proxy.port(), dirA);
    HttpResponse<String> response = gateway.post("/v1/images/generations", BODY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String log = gateway.log.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("warning: Redis at redis://127.0.0.1:" + proxy.port() + "/0 (namespace '" + namespace
        + "') is not reachable").doesNotContain("hunter2");
  }
}
