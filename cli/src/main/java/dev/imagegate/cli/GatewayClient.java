package dev.imagegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Talks to a running gateway's management API with the master key, for {@code imagegate keys} and
 * {@code imagegate spend}. A non-2xx answer becomes a {@link Failure} carrying the gateway's own error message.
 */
final class GatewayClient {
  /**
   * The gateway refused the call (a 4xx, or no master key to send: exit 2) or could not be reached or failed (exit
   * 3).
   */
  static final class Failure extends Exception {
    private final int exitCode;

    Failure(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    int exitCode() {
      return exitCode;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String masterKey;

  GatewayClient(String url, String masterKey) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.masterKey = masterKey;
  }

  /** The gateway URL ({@code --url}, else {@code IMAGEGATE_URL}, else localhost:4000) and master key. */
  static GatewayClient of(String url, String masterKey, Env env) throws Failure {
    String chosenUrl = url != null ? url : env.find("IMAGEGATE_URL").orElse("http://localhost:4000");
    String key = masterKey != null ? masterKey
        : env.first("IMAGEGATE_MASTER_KEY", "LITELLM_MASTER_KEY").orElse(null);
    if (key == null) {
      throw new Failure("no master key: pass --master-key or set IMAGEGATE_MASTER_KEY (or LITELLM_MASTER_KEY)",
          Main.USAGE);
    }
    if (!chosenUrl.matches("https?://[^\\s/]+.*")) {
      throw new Failure("--url must be an http:// or https:// address, not '" + chosenUrl + "'", Main.USAGE);
    }
    return new GatewayClient(chosenUrl, key);
  }

  JsonNode get(String path, Map<String, String> query) throws Failure {
    String encoded = query.entrySet().stream().filter(e -> e.getValue() != null)
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(base + path + (encoded.isEmpty() ? "" : "?" + encoded))).GET());
  }

  JsonNode post(String path, Object body) throws Failure {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body)))
        .header("Content-Type", "application/json"));
  }

  private JsonNode send(HttpRequest.Builder request) throws Failure {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.header("Authorization", "Bearer " + masterKey).timeout(Duration.ofSeconds(60))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new Failure("cannot reach the gateway at " + base + " (is `imagegate serve` running?)",
          Main.UPSTREAM);
    } catch (IOException e) {
      throw new Failure("talking to the gateway at " + base + " failed: " + e, Main.UPSTREAM);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted", Main.UPSTREAM);
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      String message = body.path("error").path("message").asText("HTTP " + response.statusCode());
      int status = response.statusCode();
      throw new Failure("the gateway answered " + status + ": " + message,
          status >= 400 && status < 500 ? Main.USAGE : Main.UPSTREAM);
    }
    return body;
  }

  private static JsonNode parse(byte[] body) throws Failure {
    try {
      return body.length == 0 ? Json.object() : Json.parse(body);
    } catch (IOException e) {
      throw new Failure("the gateway answered something that is not JSON", Main.UPSTREAM);
    }
  }
}
