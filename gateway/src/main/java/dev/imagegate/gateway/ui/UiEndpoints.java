package dev.imagegate.gateway.ui;

import dev.imagegate.error.BadRequest;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin web UI: {@code GET /ui} (the page), {@code GET /ui/{file}} (its scripts and styles) and {@code GET /}
 * (a redirect to {@code /ui}). The files are read once from the gateway jar into memory, so a name that is not one of
 * {@link #FILES} is a 404 whatever it spells: nothing is ever looked up on disk or on the classpath by a client's
 * path. Every answer carries a strict Content-Security-Policy (scripts and styles from this origin only, no inline
 * code), {@code X-Frame-Options: DENY} and {@code Referrer-Policy: no-referrer}; each file has a strong ETag and is
 * revalidated on every load. The page calls the admin endpoints with the key the user signs in with; it keeps no
 * state on the server. Thread-safe (immutable after construction).
 */
public final class UiEndpoints {
  /** Every file of the UI, in {@code src/main/resources/dev/imagegate/gateway/ui/}. */
  public static final List<String> FILES = List.of("index.html", "app.css", "app.js", "api.js", "dom.js", "keys.js",
      "tenancy.js", "spend.js", "chart.js", "models.js", "playground.js", "icon.svg");

  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");

  private record Asset(String contentType, byte[] bytes, String etag) {
  }

  private final Map<String, Asset> assets;

  public UiEndpoints() {
    Map<String, Asset> loaded = new LinkedHashMap<>();
    for (String name : FILES) {
      byte[] bytes = read(name);
      String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
      loaded.put(name, new Asset(type, bytes, etag(bytes)));
    }
    this.assets = Map.copyOf(loaded);
  }

  /** Adds {@code GET /}, {@code GET /ui} and {@code GET /ui/{file}} to {@code routes}. */
  public Routes.Builder register(Routes.Builder routes) {
    return routes.get("/", this::redirect)
        .get("/ui", exchange -> serve(exchange, "index.html"))
        .get("/ui/{file}", exchange -> serve(exchange, exchange.pathParam("file")));
  }

  private void redirect(Exchange exchange) throws IOException {
    exchange.header("Location", "/ui");
    exchange.bytes(302, "text/plain; charset=utf-8", "See /ui\n".getBytes(StandardCharsets.UTF_8));
  }

  private void serve(Exchange exchange, String name) throws IOException {
    Asset asset = assets.get(name);
    if (asset == null) {
      throw BadRequest.refused(404, "not_found", null, "No such file in the UI: /ui/" + name);
    }
    exchange.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    exchange.header("X-Frame-Options", "DENY");
    exchange.header("Referrer-Policy", "no-referrer");
    exchange.header("X-Content-Type-Options", "nosniff");
    exchange.header("Cache-Control", "no-cache");
    exchange.header("ETag", asset.etag());
    if (matches(exchange.requestHeader("If-None-Match"), asset.etag())) {
      exchange.empty(304);
      return;
    }
    exchange.bytes(200, asset.contentType(), asset.bytes());
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] read(String name) {
    try (InputStream in = UiEndpoints.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the UI file " + name + " is missing from the gateway jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
