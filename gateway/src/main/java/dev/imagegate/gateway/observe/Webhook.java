package dev.imagegate.gateway.observe;

import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.router.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code generic_api} / {@code webhook}: POSTs events to an HTTP endpoint (LiteLLM's generic API logger): as one JSON
 * array per batch ({@code json_array}, the default), newline-delimited JSON ({@code ndjson}), or one request per
 * event ({@code single}). A refused connection, a timeout, a 429 or a 5xx is retried with exponential backoff up to
 * {@code maxAttempts} tries; any other answer outside 2xx gives up on the batch at once.
 */
final class Webhook implements Callback {
  static final String TYPE = "generic_api";

  /** How a batch is written. */
  enum Format {
    JSON_ARRAY, NDJSON, SINGLE;

    static Format parse(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  private final HttpTransport transport;
  private final URI endpoint;
  private final Map<String, String> headers;
  private final Format format;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration timeout;
  private final Sleeper sleeper;

  Webhook(HttpTransport transport, URI endpoint, Map<String, String> headers, Format format, int maxAttempts,
          Duration backoff, Duration timeout, Sleeper sleeper) {
    this.transport = transport;
    this.endpoint = endpoint;
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", format == Format.NDJSON ? "application/x-ndjson" : "application/json");
    all.putAll(headers);
    this.headers = Map.copyOf(all);
    this.format = format;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.timeout = timeout;
    this.sleeper = sleeper;
  }

  @Override
  public void handle(List<CallEvent> events) throws IOException, InterruptedException {
    switch (format) {
      case JSON_ARRAY -> post(Json.write(events.stream().map(CallEvent::toMap).toList()));
      case NDJSON -> {
        StringBuilder lines = new StringBuilder();
        events.forEach(e -> lines.append(Json.writeString(e.toMap())).append('\n'));
        post(lines.toString().getBytes(StandardCharsets.UTF_8));
      }
      case SINGLE -> {
        for (CallEvent event : events) {
          post(Json.write(event.toMap()));
        }
      }
    }
  }

  private void post(byte[] body) throws IOException, InterruptedException {
    HttpTransport.Request request = new HttpTransport.Request("POST", endpoint, headers, body, timeout);
    for (int attempt = 1; ; attempt++) {
      IOException failure = send(request);
      if (failure == null) {
        return;
      }
      if (attempt >= maxAttempts || failure instanceof Refused) {
        throw failure;
      }
      sleeper.sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
    }
  }

  /** Null when the endpoint took the events; else why not ({@link Refused} when retrying cannot help). */
  private IOException send(HttpTransport.Request request) throws InterruptedException {
    try {
      HttpTransport.Response response = transport.send(request);
      if (response.ok()) {
        return null;
      }
      String message = "the endpoint answered HTTP " + response.status();
      return response.status() == 429 || response.status() >= 500 ? new IOException(message) : new Refused(message);
    } catch (IOException e) {
      return e;
    }
  }

  /** An answer that retrying will not change (a 4xx other than 429). */
  private static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }
}
