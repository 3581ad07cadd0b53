package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.testing.RawClient;
import dev.imagegate.provider.Json;
import dev.imagegate.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few thousand generated malformed images requests (truncations, type swaps, deep nesting, broken encodings,
 * control characters, trailing data, short bodies on the socket), each malformed by construction: none answers 500,
 * every answer is OpenAI's error shape, nothing reaches the provider and no spend row is written. Seeded, so a failure
 * names the request that caused it and reproduces.
 */
class MalformedRequestsPropertyTest {
  private static final String MASTER = "sk-master-property";
  private static final int HTTP_CASES = 2500;
  private static final int SOCKET_CASES = 300;
  private static final List<String> FIELDS = List.of("prompt", "n", "size", "model", "quality", "response_format",
      "timeout", "user", "tags", "metadata");

  @TempDir
  Path dir;

  @Test
  void noMalformedRequestIsA500OrReachesTheProviderOrIsPaid() throws Exception {
    long seed = Long.getLong("property.seed", 20261204L);
    Random random = new Random(seed);
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      try (TestGateway gateway = new TestGateway("""
          model_list:
            - model_name: images
              litellm_params: {model: openai/dall-e-2, api_base: "%s", api_key: sk-upstream}
          general_settings:
            master_key: %s
          """.formatted(upstream.url("/v1"), MASTER), Map.of(), dir,
          new MutableClock(Instant.parse("2026-12-04T12:00:00Z")))) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (int i = 0; i < HTTP_CASES; i++) {
          Case generated = generate(random);
          HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(gateway.url(
                  "/v1/images/generations"))).header("Authorization", "Bearer " + MASTER)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(generated.body())).build(),
              HttpResponse.BodyHandlers.ofString());
          check(generated, response.statusCode(), response.body(), seed, i);
          statuses.merge(generated.kind() + " " + response.statusCode(), 1, Integer::sum);
        }
        URI base = URI.create(gateway.url("/"));
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        for (int i = 0; i < SOCKET_CASES; i++) {
          byte[] body = valid(random).getBytes(StandardCharsets.UTF_8);
          int sent = random.nextInt(body.length);
          String head = "POST /v1/images/generations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + MASTER
              + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
          ByteArrayOutputStream raw = new ByteArrayOutputStream();
          raw.write(head.getBytes(StandardCharsets.US_ASCII));
          raw.write(body, 0, sent);
          RawClient.Answer answer = RawClient.exchange(address, raw.toByteArray(), true, Duration.ofSeconds(30));
          check(new Case("short body + half-close", raw.toByteArray()), answer.status(), answer.body(), seed, i);
          statuses.merge("socket " + answer.status(), 1, Integer::sum);
        }
        gateway.gateway.accounts().writer().flush();
        assertThat(gateway.get("/spend/logs", "Authorization", "Bearer " + MASTER).body()).isEqualTo("[]");
        assertThat(upstream.getRequestCount()).as("requests that reached the provider").isZero();
        assertThat(statuses.keySet()).as("statuses by kind: " + statuses).allMatch(k -> !k.endsWith(" 500"));
      }
    }
  }

  private static void check(Case generated, int status, String body, long seed, int index) {
    String what = "seed " + seed + " case " + index + " (" + generated.kind() + "): "
        + new String(generated.body(), 0, Math.min(300, generated.body().length), StandardCharsets.UTF_8);
    assertThat(status).as(what + "\n-> " + body).isBetween(400, 499);
    JsonNode error;
    try {
      error = Json.parse(body.getBytes(StandardCharsets.UTF_8)).path("error");
    } catch (Exception e) {
      throw new AssertionError(what + "\n-> not JSON: " + body, e);
    }
    assertThat(error.path("message").isTextual() && !error.path("message").asText().isBlank()).as(what).isTrue();
    assertThat(error.path("type").isTextual()).as(what + "\n-> " + body).isTrue();
    assertThat(error.has("param") && error.has("code")).as(what + "\n-> " + body).isTrue();
  }

  private record Case(String kind, byte[] body) {
  }

  /** A valid request (it would reach the provider as it is); every case below breaks it for certain. */
  private static String valid(Random random) {
    return "{\"model\":\"images\",\"prompt\":\"a lighthouse number " + random.nextInt(1000) + "\",\"n\":1,"
        + "\"size\":\"256x256\",\"response_format\":\"b64_json\",\"user\":\"cust-" + random.nextInt(9) + "\"}";
  }

  private static Case generate(Random random) {
    List<Function<Random, Case>> kinds = new ArrayList<>(List.of(
        MalformedRequestsPropertyTest::truncated, MalformedRequestsPropertyTest::typeSwapped,
        MalformedRequestsPropertyTest::nested, MalformedRequestsPropertyTest::badEncoding,
        MalformedRequestsPropertyTest::controlCharacter, MalformedRequestsPropertyTest::trailing,
        MalformedRequestsPropertyTest::notAnObject));
    return kinds.get(random.nextInt(kinds.size())).apply(random);
  }

  private static Case truncated(Random random) {
    byte[] body = valid(random).getBytes(StandardCharsets.UTF_8);
    return new Case("truncated", java.util.Arrays.copyOf(body, random.nextInt(body.length)));
  }

  /** A known field given a value of a type it never takes. */
  private static Case typeSwapped(Random random) {
    String field = FIELDS.get(random.nextInt(FIELDS.size()));
    List<String> wrong = switch (field) {
      case "n" -> List.of("\"1\"", "1.5", "[1]", "{}", "true", "99999999999");
      case "timeout" -> List.of("\"10\"", "-1", "0", "[]", "{}", "false");
      case "tags" -> List.of("\"a\"", "1", "[1]", "{}", "true", "[[\"a\"]]");
      case "metadata" -> List.of("\"a\"", "1", "[]", "true");
      case "prompt" -> List.of("1", "[\"a\"]", "{}", "true", "null", "\"\"", "\"   \"");
      default -> List.of("1", "2.5", "[\"a\"]", "{\"a\":1}", "true");
    };
    String value = wrong.get(random.nextInt(wrong.size()));
    String body = "{\"model\":\"images\",\"prompt\":\"x\",\"" + field + "\":" + value + "}";
    if (field.equals("prompt") || field.equals("model")) {
      body = "{\"" + field + "\":" + value + (field.equals("model") ? ",\"prompt\":\"x\"}" : ",\"model\":\"images\"}");
    }
    return new Case("type swap " + field, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Case nested(Random random) {
    int depth = 1001 + random.nextInt(20000);
    char open = random.nextBoolean() ? '[' : '{';
    String inner = open == '[' ? "[".repeat(depth) + "]".repeat(depth)
        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    return new Case("nested " + depth, ("{\"model\":\"images\",\"prompt\":\"x\",\"deep\":" + inner + "}")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Bytes that are not UTF-8 inside a string, or a body that is not text at all. */
  private static Case badEncoding(Random random) {
    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}, {(byte) 0xF0, (byte) 0x28, 0x29}};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] head = "{\"model\":\"images\",\"prompt\":\"a ".getBytes(StandardCharsets.UTF_8);
    out.write(head, 0, head.length);
    byte[] broken = bad[random.nextInt(bad.length)];
    out.write(broken, 0, broken.length);
    byte[] tail = " fox\"}".getBytes(StandardCharsets.UTF_8);
    out.write(tail, 0, tail.length);
    if (random.nextInt(4) == 0) {
      byte[] noise = new byte[1 + random.nextInt(64)];
      random.nextBytes(noise);
      noise[0] = (byte) 0xFE;
      return new Case("binary", noise);
    }
    return new Case("invalid UTF-8", out.toByteArray());
  }

  private static Case controlCharacter(Random random) {
    String field = List.of("size", "model", "quality", "response_format", "user", "prompt").get(random.nextInt(6));
    int c = random.nextInt(4) == 0 ? 0x7f : random.nextInt(0x20);
    if (field.equals("prompt") && (c == '\n' || c == '\r' || c == '\t')) {
      c = 0;
    }
    String escaped = String.format("\\u%04x", c);
    String value = switch (field) {
      case "size" -> "256x256";
      case "model" -> "images";
      case "quality" -> "standard";
      case "response_format" -> "url";
      case "user" -> "cust-1";
      default -> "a fox";
    };
    int at = random.nextInt(value.length() + 1);
    String body = "{\"model\":\"images\",\"prompt\":\"x\",\"" + field + "\":\"" + value.substring(0, at) + escaped
        + value.substring(at) + "\"}";
    return new Case("control U+" + Integer.toHexString(c) + " in " + field, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Case trailing(Random random) {
    List<String> tails = List.of(" {\"n\":9}", "x", "]", "}", " 1", ",", " \"a\"", "{}");
    return new Case("trailing", (valid(random) + tails.get(random.nextInt(tails.size())))
        .getBytes(StandardCharsets.UTF_8));
  }

  private static Case notAnObject(Random random) {
    List<String> bodies = List.of("[]", "1", "\"prompt\"", "null", "true", "", "   ", "[{\"prompt\":\"x\"}]",
        "{\"model\":\"images\"}", "{\"prompt\":\"x\",\"model\":\"no-such-group\"}");
    return new Case("not a request", bodies.get(random.nextInt(bodies.size())).getBytes(StandardCharsets.UTF_8));
  }
}
