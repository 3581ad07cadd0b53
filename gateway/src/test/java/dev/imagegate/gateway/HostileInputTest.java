package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.testing.RawClient;
import dev.imagegate.testing.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests no client library would send, straight onto the socket: each is a 400 in OpenAI's error shape (never a
 * 500), nothing reaches the provider and no spend row is written.
 */
class HostileInputTest {
  private static final String MASTER = "sk-master-hostile";
  @TempDir
  static Path dir;
  private static MockWebServer upstream;
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    gateway = new TestGateway("""
        model_list:
          - model_name: images
            litellm_params: {model: openai/dall-e-2, api_base: "%s", api_key: sk-upstream}
        general_settings:
          master_key: %s
        """.formatted(upstream.url("/v1"), MASTER), Map.of(), dir,
        new MutableClock(Instant.parse("2026-12-04T12:00:00Z")));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.gateway.accounts().writer().flush();
    String spend = gateway.get("/spend/logs", "Authorization", "Bearer " + MASTER).body();
    gateway.close();
    assertThat(upstream.getRequestCount()).as("requests that reached the provider").isZero();
    upstream.close();
    assertThat(spend).isEqualTo("[]");
  }

  private static InetSocketAddress address() {
    URI base = URI.create(gateway.url("/"));
    return new InetSocketAddress(base.getHost(), base.getPort());
  }

  private static void assertBadRequest(RawClient.Answer answer, int status) {
    assertThat(answer.status()).as(answer.head() + "\n" + answer.body()).isEqualTo(status);
    JsonNode error = answer.json().path("error");
    assertThat(error.isObject()).as(answer.body()).isTrue();
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.has("type") && error.has("param") && error.has("code")).as(answer.body()).isTrue();
  }

  private static RawClient.Answer send(String raw, boolean halfClose) throws Exception {
    return RawClient.exchange(address(), raw, halfClose, Duration.ofSeconds(20));
  }

  @Test
  void jsonNestedDeeperThanTheParserAllowsIsA400() throws Exception {
    String deep = "{\"model\":\"images\",\"prompt\":\"x\",\"extra\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    RawClient.Answer answer = send(RawClient.post("/v1/images/generations", deep, "Authorization: Bearer " + MASTER),
        false);
    assertBadRequest(answer, 400);
    assertThat(answer.json().path("error").path("message").asText()).contains("nest");
  }

  @Test
  void aBodyShorterThanItsContentLengthThenAHalfCloseIsA400() throws Exception {
    String raw = "POST /v1/images/generations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + MASTER
        + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"model\":\"images\",\"prompt\":\"x\"}";
    assertBadRequest(send(raw, true), 400);
  }

  @Test
  void anInvalidChunkSizeIsA400() throws Exception {
    String raw = "POST /v1/images/generations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + MASTER
        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{\"prompt\":\"x\"}\r\n0\r\n\r\n";
    assertBadRequest(send(raw, false), 400);
  }

  @Test
  void trailingDataAfterTheJsonObjectIsRefused() throws Exception {
    RawClient.Answer answer = send(RawClient.post("/v1/images/generations",
        "{\"model\":\"images\",\"prompt\":\"x\"} {\"n\":9}", "Authorization: Bearer " + MASTER), false);
    assertBadRequest(answer, 400);
    assertThat(answer.json().path("error").path("message").asText()).contains("after the JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"size\":\"1024x1024\\u0000\"", "\"model\":\"images\\u0007\"", "\"quality\":\"\\u001bhd\"",
      "\"user\":\"cust\\u0000-1\"", "\"prompt\":\"a fox\\u0000\"", "\"response_format\":\"url\\u007f\""})
  void aControlCharacterInsideAFieldIsRefusedNamingTheField(String field) throws Exception {
    String body = "{\"model\":\"images\",\"prompt\":\"x\"," + field + "}";
    RawClient.Answer answer = send(RawClient.post("/v1/images/generations", body, "Authorization: Bearer " + MASTER),
        false);
    assertBadRequest(answer, 400);
    String name = field.substring(1, field.indexOf('"', 1));
    assertThat(answer.json().path("error").path("param").asText()).isEqualTo(name);
    assertThat(answer.json().path("error").path("message").asText()).contains("control character");
  }
}
