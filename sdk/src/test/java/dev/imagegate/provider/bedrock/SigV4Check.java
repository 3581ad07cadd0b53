package dev.imagegate.provider.bedrock;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Verifies a received request's SigV4 signature the way AWS does: it rebuilds the request from what arrived on the
 * wire (method, request target exactly as sent, the headers named in {@code SignedHeaders}, the body), signs it with the
 * expected credentials at the request's own {@code X-Amz-Date}, and compares the {@code Authorization} headers.
 */
public final class SigV4Check {
  private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/"
      + "([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  /** Headers the signer computes itself from the request, the clock and the credentials. */
  private static final List<String> COMPUTED = List.of("host", "x-amz-date", "x-amz-content-sha256",
      "x-amz-security-token");

  private SigV4Check() {
  }

  /** Null when {@code request} is signed by {@code credentials} for {@code region} and {@code service}; else why not. */
  public static String problem(RecordedRequest request, AwsCredentialsIdentity credentials, String region,
                               String service) {
    String authorization = request.getHeaders().get("Authorization");
    Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
    if (auth == null || !auth.matches()) {
      return "no SigV4 Authorization header: " + authorization;
    }
    String amzDate = request.getHeaders().get("X-Amz-Date");
    Instant signedAt = parse(amzDate);
    if (signedAt == null) {
      return "missing or malformed X-Amz-Date: " + amzDate;
    }
    String scope = auth.group(1) + "/" + auth.group(2) + "/" + auth.group(3) + "/" + auth.group(4);
    String wanted = credentials.accessKeyId() + "/" + amzDate.substring(0, 8) + "/" + region + "/" + service;
    if (!scope.equals(wanted)) {
      return "credential scope " + scope + " is not " + wanted;
    }
    if (credentials instanceof AwsSessionCredentialsIdentity session
        && !session.sessionToken().equals(request.getHeaders().get("X-Amz-Security-Token"))) {
      return "X-Amz-Security-Token is not the session token";
    }
    String expected = expectedAuthorization(request, auth.group(5), credentials, region, service, signedAt);
    return expected.equals(authorization) ? null : "signature mismatch: expected " + expected;
  }

  private static String expectedAuthorization(RecordedRequest request, String signedHeaders,
                                              AwsCredentialsIdentity credentials, String region, String service,
                                              Instant signedAt) {
    String host = request.getHeaders().get("Host");
    SdkHttpRequest.Builder rebuilt = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(request.getMethod()))
        .uri(URI.create("http://" + host + request.getTarget()));
    for (String name : signedHeaders.split(";")) {
      if (!COMPUTED.contains(name)) {
        rebuilt.putHeader(name, request.getHeaders().values(name));
      }
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    return AwsV4HttpSigner.create().sign(r -> r.identity(credentials)
            .request(rebuilt.build())
            .payload(ContentStreamProvider.fromByteArray(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElse("");
  }

  private static Instant parse(String amzDate) {
    try {
      return amzDate == null ? null : LocalDateTime.parse(amzDate.toUpperCase(Locale.ROOT), AMZ_DATE)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
