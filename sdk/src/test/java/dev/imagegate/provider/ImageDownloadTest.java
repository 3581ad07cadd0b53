package dev.imagegate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.testing.MockServers;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.imagegate.testing.Catalogs;

/**
 * Image URLs an upstream returns are fetched as hostile input: scheme, host, resolved address (on every redirect),
 * size and content are checked, and a refusal is an {@link UpstreamProtocol} failure with nothing fetched. A
 * transport that answers by host stands in for the network, and a resolver table for DNS.
 */
class ImageDownloadTest {
  private static final byte[] PNG = Base64.getDecoder().decode(MockServers.PNG_1X1);
  private final Map<String, String> dns = new ConcurrentHashMap<>(Map.of("api.example", "203.0.113.10",
      "cdn.example", "198.51.100.7", "local-files", "198.51.100.8"));
  private final Map<String, HttpTransport.Response> answers = new ConcurrentHashMap<>();
  private final List<URI> fetched = new ArrayList<>();
  private UrlFetch policy = UrlFetch.DEFAULTS.withResolver(this::resolve);
  private String apiBase = "https://api.example/v1";

  private InetAddress[] resolve(String host) throws UnknownHostException {
    String address = dns.get(host);
    if (address == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(address)};
  }

  private HttpTransport.Response send(HttpTransport.Request request) {
    if (request.uri().getPath().endsWith("/images/generations")) {
      return answers.get("api");
    }
    synchronized (fetched) {
      fetched.add(request.uri());
    }
    assertThat(request.timeout()).isLessThanOrEqualTo(policy.timeout());
    assertThat(request.headers().keySet()).as("no credentials go to an image host").doesNotContain("Authorization");
    HttpTransport.Response answer = answers.get(request.uri().toString());
    return answer != null ? answer : new HttpTransport.Response(404, Map.of(), new byte[0]);
  }

  private void upstreamReturns(String url) {
    answers.put("api", new HttpTransport.Response(200, Map.of("Content-Type", List.of("application/json")),
        ("{\"created\":1,\"data\":[{\"url\":\"" + url + "\"}]}").getBytes(StandardCharsets.UTF_8)));
  }

  private void at(String url, int status, Map<String, List<String>> headers, byte[] body) {
    answers.put(url, new HttpTransport.Response(status, headers, body));
  }

  private ImageResponse generate() {
    ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
        .transport(this::send).urlFetch(policy).env(Env.of(Map.of())).build();
    return gate.generate(ImageRequest.builder("a fox").model("openai/dall-e-2").apiKey("sk-test-0000")
        .apiBase(apiBase).responseFormat("b64_json").build());
  }

  private UpstreamProtocol refused() {
    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class, this::generate);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.status()).isEqualTo(502);
    return e;
  }

  @Test
  void anHttpsImageOnAPublicHostIsFetched() {
    upstreamReturns("https://cdn.example/a.png?sig=SIGNED");
    at("https://cdn.example/a.png?sig=SIGNED", 200, Map.of(), PNG);

    assertThat(generate().data().get(0).bytes()).isEqualTo(PNG);
  }

  @Test
  void bytesThatAreNotAnImageAreRefused() {
    upstreamReturns("https://cdn.example/page");
    at("https://cdn.example/page", 200, Map.of(), "<html>hello</html>".getBytes(StandardCharsets.UTF_8));

    assertThat(refused()).hasMessageContaining("not a PNG, JPEG, WebP or GIF image");
  }

  @Test
  void plainHttpIsRefusedUnlessTheHostIsListedOrIsTheApiBaseHost() {
    upstreamReturns("http://cdn.example/a.png?sig=SIGNED");
    at("http://cdn.example/a.png?sig=SIGNED", 200, Map.of(), PNG);

    UpstreamProtocol e = refused();

    assertThat(e).hasMessageContaining("http://cdn.example/... is not https").hasMessageNotContaining("SIGNED");
    assertThat(fetched).isEmpty();
    policy = policy.withHttpHosts(Set.of("CDN.example"));
    assertThat(generate().data().get(0).bytes()).isEqualTo(PNG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.1.1",
      "0.0.0.0", "::1", "fd00:ec2::254", "fe80::1"})
  void internalAddressesAreRefusedAfterResolution(String address) {
    dns.put("innocent.example", address);
    upstreamReturns("https://innocent.example/a.png");
    at("https://innocent.example/a.png", 200, Map.of(), PNG);

    assertThat(refused()).hasMessageContaining("private, loopback or link-local address (innocent.example)");
    assertThat(fetched).isEmpty();
  }

  @Test
  void everyRedirectIsCheckedAgain() {
    dns.put("metadata.example", "169.254.169.254");
    upstreamReturns("https://cdn.example/r");
    at("https://cdn.example/r", 302, Map.of("Location", List.of("https://metadata.example/latest")), new byte[0]);
    at("https://metadata.example/latest", 200, Map.of(), PNG);

    assertThat(refused()).hasMessageContaining("(metadata.example)");
    assertThat(fetched).containsExactly(URI.create("https://cdn.example/r"));
  }

  @Test
  void aPublicRedirectIsFollowedAndTooManyAreRefused() {
    upstreamReturns("https://cdn.example/r0");
    at("https://cdn.example/r0", 301, Map.of("Location", List.of("/a.png")), new byte[0]);
    at("https://cdn.example/a.png", 200, Map.of(), PNG);
    assertThat(generate().data().get(0).bytes()).isEqualTo(PNG);

    for (int i = 0; i < 10; i++) {
      at("https://cdn.example/loop" + i, 302, Map.of("Location", List.of("/loop" + (i + 1))), new byte[0]);
    }
    upstreamReturns("https://cdn.example/loop0");
    assertThat(refused()).hasMessageContaining("redirected more than 5 times");
  }

  @Test
  void imagesOverTheSizeCapAreRefused() {
    policy = new UrlFetch(Set.of(), PNG.length - 1, Duration.ofSeconds(5)).withResolver(this::resolve);
    upstreamReturns("https://cdn.example/a.png");
    at("https://cdn.example/a.png", 200, Map.of(), PNG);

    assertThat(refused()).hasMessageContaining("larger than " + (PNG.length - 1) + " bytes");
  }

  @Test
  void aDeploymentOnAnInternalHostMayFetchFromInternalAddressesAndOverHttpFromItself() {
    dns.put("10.1.2.3", "10.1.2.3");
    apiBase = "http://10.1.2.3:9997/v1";
    answers.put("api", new HttpTransport.Response(200, Map.of(),
        "{\"created\":1,\"data\":[{\"url\":\"http://10.1.2.3:9997/files/a.png\"}]}".getBytes(StandardCharsets.UTF_8)));
    at("http://10.1.2.3:9997/files/a.png", 200, Map.of(), PNG);

    assertThat(generate().data().get(0).bytes()).isEqualTo(PNG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "ftp://cdn.example/a.png", "gopher://cdn.example/", "//cdn.example/a"})
  void otherSchemesAreRefused(String url) {
    upstreamReturns(url);

    assertThat(refused()).hasMessageContaining("not an https URL");
    assertThat(fetched).isEmpty();
  }

  @Test
  void internalAddressesAreRecognised() throws Exception {
    assertThat(UrlFetch.isInternal(InetAddress.getByName("8.8.8.8"))).isFalse();
    assertThat(UrlFetch.isInternal(InetAddress.getByName("2606:4700::1111"))).isFalse();
    assertThat(UrlFetch.isInternal(InetAddress.getByName("::ffff:10.0.0.1"))).isTrue();
  }
}
