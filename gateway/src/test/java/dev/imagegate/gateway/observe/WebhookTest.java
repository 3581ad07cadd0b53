package dev.imagegate.gateway.observe;

import static dev.imagegate.testing.MockServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.http.JettyTransport;
import dev.imagegate.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic_api callback against a mock log endpoint: formats, headers, retries. */
class WebhookTest {
  private MockWebServer server;
  private final JettyTransport transport = new JettyTransport();
  private final List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    transport.close();
  }

  private Webhook webhook(Webhook.Format format) {
    return new Webhook(transport, URI.create(server.url("/ingest").toString()), Map.of("Authorization",
        "Bearer log-token"), format, 3, Duration.ofMillis(500), Duration.ofSeconds(5), waits::add);
  }

  @Test
  void aBatchIsOneJsonArrayWithTheConfiguredHeaders() throws Exception {
    server.enqueue(json(200, "{}"));

    webhook(Webhook.Format.JSON_ARRAY).handle(List.of(Events.success("c1"), Events.failure("c2")));

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getTarget()).isEqualTo("/ingest");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer log-token");
    assertThat(sent.getHeaders().get("Content-Type")).isEqualTo("application/json");
    JsonNode body = Fixtures.tree(sent.getBody().toByteArray());
    assertThat(body).hasSize(2);
    assertThat(body.get(0).path("call_id").asText()).isEqualTo("c1");
    assertThat(body.get(0).path("cost_usd").asText()).isEqualTo("0.08");
    assertThat(body.get(0).path("guardrails").get(0).path("found").path("EMAIL_ADDRESS").asInt()).isEqualTo(1);
    assertThat(body.get(1).path("error_type").asText()).isEqualTo("server_error");
  }

  @Test
  void ndjsonAndSingleFormats() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));

    webhook(Webhook.Format.NDJSON).handle(List.of(Events.success("c1"), Events.failure("c2")));
    webhook(Webhook.Format.SINGLE).handle(List.of(Events.success("c3"), Events.failure("c4")));

    String lines = server.takeRequest().getBody().utf8();
    assertThat(lines.split("\n")).hasSize(2).allSatisfy(line -> assertThat(Fixtures.tree(line).isObject()).isTrue());
    assertThat(Fixtures.tree(server.takeRequest().getBody().utf8()).path("call_id").asText()).isEqualTo("c3");
    assertThat(Fixtures.tree(server.takeRequest().getBody().utf8()).path("call_id").asText()).isEqualTo("c4");
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedWithBackoff() throws Exception {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(429, "{}"));
    server.enqueue(json(200, "{}"));

    webhook(Webhook.Format.JSON_ARRAY).handle(List.of(Events.success("c1")));

    assertThat(server.getRequestCount()).isEqualTo(3);
    String first = server.takeRequest().getBody().utf8();
    server.takeRequest();
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(first);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aClientErrorIsNotRetriedAndRetriesEnd() {
    server.enqueue(json(400, "{}"));

    assertThatThrownBy(() -> webhook(Webhook.Format.JSON_ARRAY).handle(List.of(Events.success("c1"))))
        .isInstanceOf(IOException.class).hasMessage("the endpoint answered HTTP 400");
    assertThat(server.getRequestCount()).isEqualTo(1);

    for (int i = 0; i < 3; i++) {
      server.enqueue(json(500, "{}"));
    }
    assertThatThrownBy(() -> webhook(Webhook.Format.JSON_ARRAY).handle(List.of(Events.success("c1"))))
        .hasMessage("the endpoint answered HTTP 500");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }
}
