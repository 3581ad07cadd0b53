package dev.imagegate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.gateway.ui.UiEndpoints;
import dev.imagegate.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin UI's static files: served from the jar with their content types, a strong ETag, the security headers
 * (strict CSP, no framing, no referrer), nothing outside the UI's own files whatever the path spells, and no CORS on the
 * admin endpoints the page calls.
 */
class UiEndpointsTest {
  private static final String MASTER = "sk-master-ui";
  private static final Path SOURCES = Path.of("src/main/resources/dev/imagegate/gateway/ui");

  @TempDir
  Path dir;
  private TestGateway gateway;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    gateway = new TestGateway(TestGateway.mockConfig("general_settings: {master_key: " + MASTER + "}\n"), Map.of(),
        dir, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  @Test
  void thePageComesWithAStrictContentSecurityPolicyAndNoFraming() throws Exception {
    HttpResponse<String> page = gateway.get("/ui");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    String csp = page.headers().firstValue("content-security-policy").orElseThrow();
    assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
        "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'").doesNotContain("unsafe");
    assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
    assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
    assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("access-control-allow-origin")).isEmpty();
    assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>");
    assertThat(gateway.get("/ui/").body()).isEqualTo(page.body());
  }

  @Test
  void theRootRedirectsToTheUi() throws Exception {
    HttpResponse<String> root = gateway.get("/");
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("location")).hasValue("/ui");
  }

  @Test
  void everyFileIsServedWithItsTypeAndRevalidatedByETag() throws Exception {
    Map<String, String> types = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    for (String name : sourceFiles()) {
      HttpResponse<byte[]> file = send("/ui/" + name, Map.of());
      assertThat(file.statusCode()).as(name).isEqualTo(200);
      assertThat(file.headers().firstValue("content-type")).as(name)
          .hasValue(types.get(name.substring(name.lastIndexOf('.') + 1)));
      assertThat(file.body()).as(name).isEqualTo(Files.readAllBytes(SOURCES.resolve(name)));
      assertThat(file.headers().firstValue("content-security-policy")).as(name).isPresent();
      assertThat(file.headers().firstValue("cache-control")).as(name).hasValue("no-cache");
      String etag = file.headers().firstValue("etag").orElseThrow();
      assertThat(etag).matches("\"[0-9a-f]{32}\"");

      HttpResponse<byte[]> again = send("/ui/" + name, Map.of("If-None-Match", etag));
      assertThat(again.statusCode()).as(name).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(again.headers().firstValue("etag")).hasValue(etag);
      assertThat(send("/ui/" + name, Map.of("If-None-Match", "\"stale\"")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void everyFileInTheSourceFolderIsListedToBeServed() throws Exception {
    assertThat(sourceFiles()).hasSameElementsAs(UiEndpoints.FILES);
  }

  @Test
  void noPathReachesAnythingButTheUiFiles() throws Exception {
    List<String> attempts = List.of("/ui/..%2f..%2fhttp%2fopenapi.json", "/ui/%2e%2e%2fui%2fUiEndpoints.class",
        "/ui/UiEndpoints.class", "/ui/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/ui/%2e%2e",
        "/ui/app.js%00.html", "/ui/APP.JS", "/ui/app.js/x", "/ui/.%2fapp.js", "/ui/%5c..%5cpom.xml",
        "/ui/..%5c..%5cGateway.class", "/ui/file:%2f%2f%2fetc%2fpasswd", "/ui/index.html%3f", "/ui/missing.js");
    for (String path : attempts) {
      HttpResponse<byte[]> answer = send(path, Map.of());
      String body = new String(answer.body(), StandardCharsets.UTF_8);
      assertThat(answer.statusCode()).as(path).isIn(400, 404);
      assertThat(body).as(path).doesNotContain("root:").doesNotContain("\"openapi\"").doesNotContain("<project");
      JsonNode error = Fixtures.tree(answer.body()).path("error");
      assertThat(error.path("message").asText()).as(path).isNotBlank();
    }
    assertThat(gateway.get("/ui/missing.js").body()).contains("No such file in the UI: /ui/missing.js");
  }

  @Test
  void theAdminEndpointsAnswerNoCrossOriginRequest() throws Exception {
    HttpResponse<byte[]> preflight = client.send(HttpRequest.newBuilder(URI.create(gateway.url("/key/list")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(preflight.statusCode()).isNotEqualTo(200).isNotEqualTo(204);
    assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.startsWith("access-control-"));
    HttpResponse<byte[]> list = send("/key/list", Map.of("Origin", "https://evil.example",
        "Authorization", "Bearer " + MASTER));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().map().keySet()).noneMatch(name -> name.startsWith("access-control-"));
  }

  @Test
  void theScriptsNeverTurnDataIntoHtmlOrCode() throws Exception {
    Pattern unsafe = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|"
        + "setAttribute\\(.style.|\\.style\\.|\\son[a-z]+\\s*=");
    for (String name : sourceFiles()) {
      if (name.endsWith(".js") || name.endsWith(".html")) {
        String text = Files.readString(SOURCES.resolve(name));
        assertThat(unsafe.matcher(text).find()).as(name + " uses an HTML or inline-code sink").isFalse();
      }
    }
    String page = Files.readString(SOURCES.resolve("index.html"));
    assertThat(page).doesNotContain(" style=").doesNotContain("<style");
    assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find()).as("inline script").isFalse();
  }

  private static List<String> sourceFiles() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private HttpResponse<byte[]> send(String path, Map<String, String> headers) throws IOException,
      InterruptedException, URISyntaxException {
    HttpRequest.Builder request = HttpRequest.newBuilder(new URI(gateway.url(path))).GET();
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
