package dev.imagegate.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.bedrock.BedrockModels.Family;
import dev.imagegate.testing.Fixtures;
import dev.imagegate.testing.MockServers;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A local Bedrock runtime that verifies SigV4 with the fixed test keys, and a client pointed at it. */
abstract class BedrockServerTest {
  protected MockWebServer server;
  protected SigV4MockBedrock bedrock;

  @BeforeEach
  void startServer() throws Exception {
    bedrock = SigV4MockBedrock.withTestKeys();
    server = new MockWebServer();
    server.setDispatcher(bedrock);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Test keys, region us-east-1, the runtime endpoint at the mock. */
  protected Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", SigV4MockBedrock.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", SigV4MockBedrock.SECRET_KEY);
    env.put("AWS_REGION", SigV4MockBedrock.REGION);
    env.put("AWS_BEDROCK_RUNTIME_ENDPOINT", endpoint());
    return env;
  }

  protected String endpoint() {
    return server.url("/").toString();
  }

  protected ImageGate gate() {
    return gate(env());
  }

  protected ImageGate gate(Map<String, String> env) {
    return ImageGate.builder().env(Env.of(env)).build();
  }

  protected static ImageRequest.Builder request(String model) {
    return ImageRequest.builder("a lighthouse at dawn").model(model);
  }

  /** A 200 answer with {@code images} PNGs in the family's response shape. */
  protected static MockResponse success(Family family, int images) {
    String png = "\"" + MockServers.PNG_1X1 + "\"";
    String list = String.join(",", java.util.Collections.nCopies(images, png));
    String body = switch (family) {
      case SDXL -> "{\"result\":\"success\",\"artifacts\":[{\"seed\":1,\"base64\":" + png
          + ",\"finishReason\":\"SUCCESS\"}]}";
      case STABILITY -> "{\"seeds\":[1],\"finish_reasons\":[null],\"images\":[" + list + "]}";
      case TITAN, NOVA_CANVAS -> "{\"images\":[" + list + "],\"error\":null}";
      case NOVA_MESSAGES -> "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"image\":{\"format\":"
          + "\"png\",\"source\":{\"bytes\":" + png + "}}}]}},\"stopReason\":\"end_turn\",\"usage\":"
          + "{\"inputTokens\":12,\"outputTokens\":1300,\"totalTokens\":1312}}";
    };
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("x-amzn-RequestId", "req-ok").body(body).build();
  }

  protected static MockResponse error(int status, String type, String body) {
    MockResponse.Builder response = new MockResponse.Builder().code(status)
        .addHeader("Content-Type", "application/json").addHeader("x-amzn-RequestId", "req-" + status).body(body);
    if (type != null) {
      response.addHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    }
    return response.build();
  }

  protected static JsonNode body(RecordedRequest request) {
    return Fixtures.tree(request.getBody().toByteArray());
  }

  /** Every request so far carried a valid signature. */
  protected void assertAllSigned(int requests) {
    assertThat(bedrock.failures()).isEmpty();
    assertThat(bedrock.verified()).isEqualTo(requests);
  }
}
