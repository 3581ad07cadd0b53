package dev.imagegate.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.provider.Json;
import dev.imagegate.testing.MockServers;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local Google OAuth2 token endpoint for one service account whose RSA key pair is generated here (once per JVM). It accepts only what
 * Google accepts from the service-account flow: a form POST with {@code grant_type=urn:ietf:params:oauth:grant-type:
 * jwt-bearer} and an RS256 JWT assertion signed by the account's key, issued by its {@code client_email}, for
 * Google's token audience (or this endpoint), with a {@code scope} and {@code exp = iat + 3600}. It answers with a numbered access
 * token, or {@code 400 invalid_grant} saying what was wrong.
 */
public final class FakeGoogleOAuth implements Closeable {
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  public static final String KEY_ID = "test-key-1";
  /**
   * The audience Google's token endpoint accepts. google-auth-library-java puts it in every service-account assertion
   * whatever the JSON's {@code token_uri} (which only says where to POST), so a local endpoint accepts it too.
   */
  public static final String GOOGLE_AUDIENCE = "https://oauth2.googleapis.com/token";

  private final MockWebServer server = new MockWebServer();
  /** Generated once per test JVM (RSA key generation is slow); every endpoint checks signatures against it. */
  private static final KeyPair SHARED_KEYS = newKeyPair();

  private final KeyPair keys = SHARED_KEYS;
  private final String projectId;
  private final String clientEmail;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> rejections = new CopyOnWriteArrayList<>();
  private final List<Map<String, JsonNode>> claims = new CopyOnWriteArrayList<>();
  private volatile MockResponse failure;

  /** Starts the endpoint for a service account of {@code projectId} (null: the JSON carries no project_id). */
  public FakeGoogleOAuth(String projectId) {
    this.projectId = projectId;
    this.clientEmail = "imagegate-test@" + (projectId == null ? "no-project" : projectId)
        + ".iam.gserviceaccount.com";
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String tokenUri() {
    return server.url("/token").toString();
  }

  /** The n-th access token issued (1-based). */
  public static String token(String projectId, int n) {
    return "ya29.test-" + projectId + "-" + n;
  }

  public String token(int n) {
    return token(projectId, n);
  }

  public int tokensIssued() {
    return issued.get();
  }

  /** Why assertions were refused, in order. */
  public List<String> rejections() {
    return rejections;
  }

  /** The claims of each accepted assertion. */
  public List<Map<String, JsonNode>> acceptedClaims() {
    return claims;
  }

  /** From now on, answer every token request with {@code response}. */
  public void failWith(MockResponse response) {
    this.failure = response;
  }

  /** The service-account JSON for this endpoint, signed with the key it checks. */
  public String serviceAccountJson() {
    return serviceAccountJson(keys.getPrivate());
  }

  /** The same account with a key this endpoint does not know: every assertion fails its signature check. */
  public String serviceAccountJsonWithForeignKey() {
    return serviceAccountJson(newKeyPair().getPrivate());
  }

  public Path writeServiceAccount(Path dir) {
    try {
      return Files.writeString(dir.resolve("service-account-" + server.getPort() + ".json"), serviceAccountJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PEM of the private key, to check that it never leaks into messages. */
  public String privateKeyBase64() {
    return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
  }

  private String serviceAccountJson(PrivateKey key) {
    ObjectNode json = Json.object();
    json.put("type", "service_account");
    if (projectId != null) {
      json.put("project_id", projectId);
    }
    json.put("private_key_id", KEY_ID);
    json.put("private_key", "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    json.put("client_email", clientEmail);
    json.put("client_id", "100000000000000000001");
    json.put("token_uri", tokenUri());
    return json.toString();
  }

  private MockResponse answer(RecordedRequest request) {
    if (failure != null) {
      return failure;
    }
    try {
      Map<String, JsonNode> accepted = check(request);
      claims.add(accepted);
      return MockServers.json(200, "{\"access_token\":\"" + token(issued.incrementAndGet()) + "\","
          + "\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      rejections.add(e.getMessage());
      return MockServers.json(400, Json.object().put("error", "invalid_grant")
          .put("error_description", e.getMessage()).toString());
    }
  }

  private Map<String, JsonNode> check(RecordedRequest request) throws GeneralSecurityException {
    require("POST".equals(request.getMethod()) && "/token".equals(request.getTarget()), "expected POST /token");
    require(String.valueOf(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded"),
        "expected a form body");
    Map<String, String> form = form(request.getBody() == null ? "" : request.getBody().utf8());
    require(GRANT_TYPE.equals(form.get("grant_type")), "grant_type must be " + GRANT_TYPE);
    String[] jwt = String.valueOf(form.get("assertion")).split("\\.");
    require(jwt.length == 3, "assertion is not a JWT");
    JsonNode header = decode(jwt[0]);
    require("RS256".equals(header.path("alg").asText()), "alg must be RS256");
    require(KEY_ID.equals(header.path("kid").asText()), "kid must be the private_key_id");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.getPublic());
    rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    require(rsa.verify(Base64.getUrlDecoder().decode(jwt[2])), "Invalid JWT Signature.");
    return checkClaims(decode(jwt[1]));
  }

  private Map<String, JsonNode> checkClaims(JsonNode payload) {
    require(clientEmail.equals(payload.path("iss").asText()), "iss must be the client_email");
    String aud = payload.path("aud").asText();
    require(GOOGLE_AUDIENCE.equals(aud) || tokenUri().equals(aud), "aud must name Google's token endpoint, was " + aud);
    require(payload.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform"),
        "scope must include cloud-platform");
    long iat = payload.path("iat").asLong();
    require(payload.path("exp").asLong() - iat == 3600, "exp must be iat + 3600");
    require(Math.abs(Instant.now().getEpochSecond() - iat) < 300, "iat must be now");
    Map<String, JsonNode> out = new LinkedHashMap<>();
    payload.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static JsonNode decode(String part) {
    try {
      return Json.parse(Base64.getUrlDecoder().decode(part));
    } catch (IOException e) {
      throw new IllegalArgumentException("JWT part is not JSON");
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
