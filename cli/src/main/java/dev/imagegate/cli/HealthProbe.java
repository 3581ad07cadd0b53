package dev.imagegate.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container image's health check (the image has no shell or curl): {@code GET} the URL given (the gateway's
 * {@code /health/liveliness}) and exit 0 on a 200, else 1, printing why.
 */
public final class HealthProbe {
  private HealthProbe() {
  }

  public static void main(String[] args) {
    System.exit(probe(args.length > 0 ? args[0] : "http://127.0.0.1:4000/health/liveliness"));
  }

  static int probe(String url) {
    try {
      HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return 0;
      }
      System.err.println(url + " answered " + response.statusCode());
    } catch (Exception e) {
      System.err.println(url + " failed: " + e);
    }
    return 1;
  }
}
