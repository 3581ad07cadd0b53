package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.gateway.observe.CallEvent;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.vertex.FakeGoogleOAuth;
import dev.imagegate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per provider family, an upstream error that quotes the deployment's credentials back (as OpenAI's 401 does, or a
 * 5xx that dumps the request headers): the credentials appear nowhere the gateway writes, neither in the client's
 * error body, the events {@code json_logs} and the callbacks get, a webhook's body, the spend rows, the metrics nor
 * the gateway's own log.
 */
class UpstreamSecretsTest {
  private static final String MASTER = "sk-master-secrets-test";
  private static final String OPENAI_KEY = "sk-proj-Qw3rTy8uIoP4aSdF6gHjK2lZxC9vBnM1";
  private static final String AZURE_KEY = "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";
  private static final String BEDROCK_BEARER = "ABSKQmVkcm9ja0FQSUtleS1zZWNyZXQtdmFsdWU";
  private static final String AWS_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String AWS_SESSION = "FwoGZXIvYXdzEXAMPLEsessionTOKENvalue0123456789";
  private static final String GEMINI_KEY = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";

  @TempDir
  Path dir;
  private MockWebServer upstream;
  private MockWebServer webhook;
  private FakeGoogleOAuth oauth;
  private TestGateway gateway;
  private final String id = UUID.randomUUID().toString();
  private final List<String> sentHeaders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    oauth = new FakeGoogleOAuth("secrets-test");
    Path serviceAccount = oauth.writeServiceAccount(dir);
    upstream = new MockWebServer();
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        sentHeaders.add(headers(request));
        return quoteBack(request);
      }
    });
    upstream.start();
    webhook = new MockWebServer();
    webhook.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).body("{}").build();
      }
    });
    webhook.start();
    String base = upstream.url("").toString();
    String yaml = """
        model_list:
          - model_name: openai
            litellm_params: {model: openai/dall-e-3, api_base: "%1$sv1", api_key: %2$s}
          - model_name: azure
            litellm_params: {model: azure/images, api_base: "%1$s", api_key: %3$s, api_version: "2024-02-01"}
          - model_name: bedrock-bearer
            litellm_params: {model: bedrock/amazon.titan-image-generator-v2:0, api_key: %4$s,
                             aws_region_name: us-east-1, aws_bedrock_runtime_endpoint: "%1$s"}
          - model_name: bedrock-sigv4
            litellm_params: {model: bedrock/amazon.nova-canvas-v1:0, aws_access_key_id: %5$s,
                             aws_secret_access_key: "%6$s", aws_session_token: %7$s,
                             aws_region_name: us-east-1, aws_bedrock_runtime_endpoint: "%1$s"}
          - model_name: gemini
            litellm_params: {model: gemini/imagen-4.0-generate-001, api_base: "%1$s", api_key: %8$s}
          - model_name: vertex
            litellm_params: {model: vertex_ai/imagen-4.0-generate-001, api_base: "%1$s"}
        router_settings: {num_retries: 0}
        litellm_settings:
          callbacks: [dev.imagegate.gateway.RecordingCallback, audit]
        callback_settings:
          dev.imagegate.gateway.RecordingCallback: {id: "%9$s", event_types: [start, success, failure]}
          audit: {callback_type: generic_api, endpoint: "%10$s"}
        general_settings:
          master_key: %11$s
        """.formatted(base, OPENAI_KEY, AZURE_KEY, BEDROCK_BEARER, AWS_ID, AWS_SECRET, AWS_SESSION, GEMINI_KEY, id,
        webhook.url("/logs"), MASTER);
    gateway = new TestGateway(yaml, Map.of("GOOGLE_APPLICATION_CREDENTIALS", serviceAccount.toString()), dir,
        new MutableClock(Instant.parse("2026-12-04T12:00:00Z")));
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
    webhook.close();
    oauth.close();
    RecordingCallback.BY_ID.remove(id);
  }

  /** Each family's error shape, with every credential the request carried quoted back in the message. */
  private static MockResponse quoteBack(RecordedRequest request) {
    String headers = headers(request);
    String path = request.getTarget();
    String quoted = "we received " + headers + " at " + path;
    String body;
    int status;
    if (path.contains("/openai/deployments/")) {
      status = 500;
      body = "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"dump: " + esc(quoted) + "\"}}";
    } else if (path.startsWith("/model/")) {
      status = 403;
      String signed = request.getHeaders().get("X-Amz-Security-Token") != null
          ? " secret " + AWS_SECRET + " session " + AWS_SESSION : "";
      body = "{\"message\":\"The security token included in the request is invalid." + signed + " "
          + esc(quoted) + "\"}";
    } else if (path.contains(":predict") || path.contains(":generateContent")) {
      status = 400;
      body = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key. " + esc(quoted)
          + "\",\"status\":\"INVALID_ARGUMENT\"}}";
    } else {
      status = 401;
      body = "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY + ". " + esc(quoted)
          + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
    }
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** The request's headers as they came, credentials included (OkHttp's own toString hides some). */
  private static String headers(RecordedRequest request) {
    StringBuilder out = new StringBuilder();
    for (String name : request.getHeaders().names()) {
      out.append(name).append(": ").append(String.join(",", request.getHeaders().values(name))).append("; ");
    }
    return out.toString();
  }

  private static String esc(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Test
  void noFamilysCredentialsLeaveTheGatewayWhenTheUpstreamQuotesThemBack() throws Exception {
    List<String> written = new ArrayList<>();
    for (String group : List.of("openai", "azure", "bedrock-bearer", "bedrock-sigv4", "gemini", "vertex")) {
      HttpResponse<String> response = gateway.post("/v1/images/generations",
          "{\"model\":\"" + group + "\",\"prompt\":\"a lighthouse\"}", "Authorization", "Bearer " + MASTER);
      assertThat(response.statusCode()).as(group + ": " + response.body()).isBetween(400, 599);
      assertThat(TestGateway.json(response).path("error").path("message").asText()).as(group).isNotBlank();
      written.add(response.body());
    }
    List<String> secrets = List.of(OPENAI_KEY, AZURE_KEY, BEDROCK_BEARER, AWS_SECRET, AWS_SESSION, GEMINI_KEY,
        AWS_ID, oauth.token(1));
    assertThat(String.join("\n", sentHeaders)).as("the upstream really received each credential")
        .contains(OPENAI_KEY, AZURE_KEY, BEDROCK_BEARER, AWS_ID, AWS_SESSION, GEMINI_KEY, oauth.token(1));

    RecordingCallback recorder = RecordingCallback.BY_ID.get(id);
    for (int i = 0; i < 12; i++) {
      CallEvent event = recorder.next();
      written.add(Json.writeString(event.toMap()));
    }
    for (int delivered = 0; delivered < 6; ) {
      RecordedRequest posted = webhook.takeRequest(10, TimeUnit.SECONDS);
      assertThat(posted).as("the webhook got every failure event").isNotNull();
      written.add(posted.getBody().utf8());
      delivered += Json.parse(posted.getBody().toByteArray()).size();
    }
    gateway.gateway.accounts().writer().flush();
    HttpResponse<String> spend = gateway.get("/spend/logs", "Authorization", "Bearer " + MASTER);
    assertThat(TestGateway.json(spend)).as(spend.body()).hasSizeGreaterThanOrEqualTo(6);
    written.add(spend.body());
    written.add(gateway.get("/metrics", "Authorization", "Bearer " + MASTER).body());
    written.add(gateway.log.toString());

    String everything = String.join("\n", written);
    assertThat(everything).as("the upstream messages are still there").contains("Incorrect API key provided")
        .contains("API key not valid").contains("security token included in the request is invalid");
    for (String secret : secrets) {
      assertThat(everything).as("written somewhere: " + secret).doesNotContain(secret);
    }
    assertThat(everything).doesNotContain("Qw3rTy8uIoP4aSdF6gHjK2lZ").doesNotContain("bPxRfiCYEXAMPLEKEY");
  }
}
