package dev.imagegate.provider.bedrock;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Authenticates one Bedrock request: AWS Signature Version 4 computed by the AWS SDK's signer over exactly the method,
 * encoded path, headers and body that are sent, or a Bedrock API key as a bearer token (no signing).
 */
final class BedrockSigning {
  /** The SigV4 service name of the Bedrock runtime. */
  static final String SERVICE = "bedrock";

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private BedrockSigning() {
  }

  /** Turns the headers to send into authenticated ones for one POST of {@code body} to {@code uri}. */
  @FunctionalInterface
  interface Authenticator {
    Map<String, String> headers(URI uri, Map<String, String> headers, byte[] body);
  }

  static Authenticator bearer(String token) {
    return (uri, headers, body) -> {
      Map<String, String> out = new LinkedHashMap<>(headers);
      out.put("Authorization", "Bearer " + token);
      return out;
    };
  }

  static Authenticator sigV4(AwsCredentialsIdentity credentials, String region, Clock clock) {
    return (uri, headers, body) -> sign(uri, headers, body, credentials, region, clock);
  }

  /**
   * {@code headers} plus {@code Authorization}, {@code X-Amz-Date}, {@code x-amz-content-sha256} and, for session
   * credentials, {@code X-Amz-Security-Token}, signed at {@code clock}'s instant. The path is used as encoded in
   * {@code uri} and encoded once more for the canonical request (SigV4's rule for every service but S3). {@code Host}
   * is signed as {@code uri}'s authority and left to the transport to send.
   */
  static Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body,
                                  AwsCredentialsIdentity credentials, String region, Clock clock) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
    headers.forEach(request::putHeader);
    SignedRequest signed = SIGNER.sign(r -> r.identity(credentials)
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    Map<String, String> out = new LinkedHashMap<>();
    signed.request().forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) {
        out.put(name, String.join(",", values));
      }
    });
    return out;
  }
}
