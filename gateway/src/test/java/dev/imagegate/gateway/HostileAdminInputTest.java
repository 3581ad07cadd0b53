package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.testing.Postgres;
import dev.imagegate.gateway.testing.RawClient;
import dev.imagegate.testing.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Management requests with hostile text, on SQLite and on the real PostgreSQL (which refuses a NUL inside text with
 * an error, so a NUL that reached it was a 500): control characters in JSON fields and query values, and query
 * strings that are not percent-encoded UTF-8, are each a 400 in OpenAI's shape naming the field, and nothing is
 * created.
 */
class HostileAdminInputTest {
  private static final String MASTER = "sk-master-hostile-admin";
  private static final String AUTH = "Authorization: Bearer " + MASTER;

  @TempDir
  Path dir;
  private String schema;
  private TestGateway gateway;

  private void start(String store) throws Exception {
    String database = "";
    if (store.equals("postgresql")) {
      Postgres.require("HostileAdminInputTest");
      schema = Postgres.newSchema();
      database = "  database_url: postgresql://postgres@%s:%d/test?schema=%s".formatted(Postgres.HOST, Postgres.PORT,
          schema);
    }
    gateway = new TestGateway("""
        model_list:
          - model_name: demo
            litellm_params: {model: mock/imagegate-demo}
        general_settings:
          master_key: %s
        %s
        """.formatted(MASTER, database), Map.of(), dir, new MutableClock(Instant.parse("2026-12-07T12:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (schema != null) {
      Postgres.dropSchema(schema);
    }
  }

  private RawClient.Answer send(String request) throws Exception {
    URI base = URI.create(gateway.url("/"));
    return RawClient.exchange(new InetSocketAddress(base.getHost(), base.getPort()), request, false,
        Duration.ofSeconds(10));
  }

  private static String get(String pathAndQuery) {
    return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\nConnection: close\r\n\r\n";
  }

  private static void assertRefused(RawClient.Answer answer, String param) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
    if (param != null) {
      assertThat(answer.json().path("error").path("param").asText()).isEqualTo(param);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void controlCharactersInManagementFieldsAreRefusedAndNothingIsCreated(String store) throws Exception {
    start(store);
    record Case(String path, String body, String param) {
    }
    for (Case c : List.of(
        new Case("/customer/new", "{\"user_id\":\"a\\u0000b\"}", "user_id"),
        new Case("/customer/new", "{\"user_id\":\"c\\u0000\"}", "user_id"),
        new Case("/team/new", "{\"team_alias\":\"a\\u0000b\"}", "team_alias"),
        new Case("/team/new", "{\"team_id\":\"t\\u0007\"}", "team_id"),
        new Case("/user/new", "{\"user_id\":\"u\\u0000\"}", "user_id"),
        new Case("/key/generate", "{\"key_alias\":\"k\\u0000\"}", "key_alias"),
        new Case("/key/generate", "{\"models\":[\"demo\\u0000\"]}", "models"),
        new Case("/global/spend/end_users", "{\"api_key\":\"sk\\u0000\"}", "api_key"))) {
      assertRefused(send(RawClient.post(c.path(), c.body(), AUTH)), c.param());
    }

    // a lenient reader would have trimmed the trailing control characters and created "c" and "u"
    assertThat(gateway.get("/customer/info?end_user_id=c", "Authorization", "Bearer " + MASTER).statusCode())
        .isEqualTo(404);
    assertThat(gateway.get("/user/info?user_id=u", "Authorization", "Bearer " + MASTER).statusCode())
        .isEqualTo(404);
    assertThat(TestGateway.json(gateway.get("/team/list", "Authorization", "Bearer " + MASTER))).isEmpty();
    assertThat(TestGateway.json(gateway.get("/key/list", "Authorization", "Bearer " + MASTER)).path("keys"))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void badQueryStringsAreA400(String store) throws Exception {
    start(store);
    assertRefused(send(get("/key/info?key=a%00b")), "key");
    assertRefused(send(get("/spend/logs?user_id=a%00b")), "user_id");
    assertRefused(send(get("/spend/logs?api_key=sk%01")), "api_key");
    assertRefused(send(get("/key/info?key=%zz")), null);
    assertRefused(send(get("/spend/logs?user_id=%")), null);
    assertRefused(send(get("/spend/logs?user_id=%C3%28")), null);
    assertThat(send(get("/spend/logs?user_id=caf%C3%A9")).status()).isEqualTo(200);
  }
}
