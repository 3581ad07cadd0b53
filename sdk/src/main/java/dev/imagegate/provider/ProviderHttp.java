package dev.imagegate.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/** What every provider does with HTTP: send with the standard headers, turn transport failures into typed errors. */
public final class ProviderHttp {
  public static final String USER_AGENT = "imagegate/0.1.0";

  private ProviderHttp() {
  }

  /** The headers every provider sends, plus {@code extra} (auth). */
  public static Map<String, String> jsonHeaders(Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    headers.put("User-Agent", USER_AGENT);
    headers.putAll(extra);
    return headers;
  }

  /** POSTs {@code body} as JSON to {@code uri} within the call's timeout. */
  public static HttpTransport.Response postJson(ProviderCall call, URI uri, Map<String, String> headers,
                                                byte[] body) {
    return send(call, HttpTransport.Request.postJson(uri, jsonHeaders(headers), body, call.timeout()));
  }

  /** Sends {@code request}; timeouts become {@link Timeout}, connection failures {@link UpstreamUnavailable}. */
  public static HttpTransport.Response send(ProviderCall call, HttpTransport.Request request) {
    try {
      return call.transport().send(request);
    } catch (IOException e) {
      throw failure(call, request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Internal("Interrupted while waiting for " + call.provider(), call.details(), e);
    }
  }

  /**
   * Sends {@code request} for an answer read as it arrives ({@link HttpTransport#stream}): returns at the headers,
   * with a body whose reads fail with an {@link HttpTimeoutException} once the request's timeout has passed since
   * sending, so a stalled stream ends instead of hanging. Failures before the headers are as for {@link #send}; map
   * a failed read with {@link #failure}. The caller closes the answer.
   */
  public static HttpTransport.Streamed stream(ProviderCall call, HttpTransport.Request request) {
    Deadline deadline = Deadline.after(request.timeout());
    try {
      HttpTransport.Streamed answer = call.transport().stream(request);
      return answer.withBody(deadline.guard(answer.body()));
    } catch (IOException e) {
      deadline.cancel();
      throw failure(call, request, e);
    } catch (InterruptedException e) {
      deadline.cancel();
      Thread.currentThread().interrupt();
      throw new Internal("Interrupted while waiting for " + call.provider(), call.details(), e);
    } catch (RuntimeException e) {
      deadline.cancel();
      throw e;
    }
  }

  /**
   * Closes, from another thread, the streamed answers ({@link #stream}) that {@code reader} has open: its blocked
   * read wakes and fails, and the upstream request is abandoned. For a caller that stops reading a stream while the
   * upstream is silent. Returns whether there was any.
   */
  public static boolean abortStreams(Thread reader) {
    return Deadline.abort(reader);
  }

  /**
   * The typed failure for an exchange that failed with {@code e}: a timeout is {@link Timeout}, anything else
   * {@link UpstreamUnavailable} with a plain cause (never the transport's own message).
   */
  public static ImageGateException failure(ProviderCall call, HttpTransport.Request request, IOException e) {
    ImageGateException.Details details = call.details();
    String where = call.provider() + " at " + request.uri().getScheme() + "://" + request.uri().getHost()
        + (request.uri().getPort() == -1 ? "" : ":" + request.uri().getPort());
    return switch (e) {
      case HttpConnectTimeoutException c ->
          new UpstreamUnavailable("Could not connect to " + where + ": connect timed out", 502, details, e);
      case HttpTimeoutException t -> new Timeout(call.provider() + " did not answer within "
          + seconds(request.timeout()) + " s", details, e);
      case ConnectException c -> new UpstreamUnavailable("Could not connect to " + where + ": "
          + (unresolved(e) ? "unknown host " + request.uri().getHost() + " (DNS lookup failed)"
          : "connection refused"), 502, details, e);
      default -> new UpstreamUnavailable("Connection to " + where + " failed: "
          + describe(e, request.uri().getHost()), 502, details, e);
    };
  }

  /**
   * Downloads an image a provider returned as a URL, through the call's transport, under the call's
   * {@link UrlFetch} policy (see {@link ImageDownload}).
   */
  public static byte[] download(ProviderCall call, URI uri) {
    return ImageDownload.fetch(call, uri);
  }

  /** Parses a 2xx body as JSON; anything else is {@link UpstreamProtocol} saying what was {@code expected}. */
  public static JsonNode json(ProviderCall call, HttpTransport.Response response, String expected) {
    try {
      JsonNode node = Json.parse(response.body());
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty body");
      }
      return node;
    } catch (IOException e) {
      throw new UpstreamProtocol(call.provider() + " answered HTTP " + response.status() + " with a body that is not "
          + "valid JSON (expected " + expected + "): " + snippet(response.body()), detailsOf(call, response), e);
    }
  }

  /** The call's details plus the upstream status and request id. */
  public static ImageGateException.Details detailsOf(ProviderCall call, HttpTransport.Response response) {
    return detailsOf(call, response, null);
  }

  public static ImageGateException.Details detailsOf(ProviderCall call, HttpTransport.Response response,
                                                    String providerMessage) {
    String requestId = firstHeader(response, "x-request-id", "apim-request-id", "x-amzn-requestid",
        "x-goog-request-id", "request-id");
    return new ImageGateException.Details(call.provider(), call.model(), response.status(), providerMessage,
        requestId);
  }

  /** The wait the provider asked for: {@code retry-after-ms}, or {@code retry-after} in seconds or as a date. */
  public static Duration retryAfter(HttpTransport.Response response) {
    String millis = response.header("retry-after-ms");
    if (millis != null) {
      try {
        return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    String value = response.header("retry-after");
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  /** The first 200 characters of a body, for error messages. */
  public static String snippet(byte[] body) {
    if (body.length == 0) {
      return "(empty body)";
    }
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    return "'" + text + (body.length > 200 ? "...'" : "'");
  }

  private static String firstHeader(HttpTransport.Response response, String... names) {
    for (String name : names) {
      String value = response.header(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /**
   * A plain cause for a failed exchange. Transport messages are never passed on as they are: Jetty's name its
   * connection objects with local and remote addresses ({@code HttpConnectionOverHTTP@...}), which say nothing to a
   * client and something to an attacker.
   */
  static String describe(IOException e, String host) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof UnknownHostException) {
        return "unknown host " + host + " (DNS lookup failed)";
      }
      if (message.contains("connection reset") || message.contains("broken pipe")) {
        return "connection reset by the provider";
      }
      if (t instanceof SSLException) {
        return "TLS with the provider failed";
      }
      if (message.startsWith("the answer ")) {
        return t.getMessage();
      }
      if (t instanceof EOFException || t instanceof ClosedChannelException || message.contains("eof")
          || message.contains("closed") || message.contains("no bytes")) {
        return "the provider closed the connection before answering completely";
      }
    }
    return "the connection to the provider failed (" + e.getClass().getSimpleName() + ")";
  }

  /** Whether a connect failure was a name that did not resolve (the JDK client reports it as a ConnectException). */
  private static boolean unresolved(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private static long seconds(Duration timeout) {
    return timeout == null ? 0 : Math.max(1, timeout.toSeconds());
  }
}
