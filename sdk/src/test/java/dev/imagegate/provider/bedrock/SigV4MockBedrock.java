package dev.imagegate.provider.bedrock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A local Bedrock runtime for MockWebServer that checks every request's SigV4 signature against fixed test
 * credentials ({@link SigV4Check}). A bad signature is answered as Bedrock does (403 {@code InvalidSignatureException})
 * and recorded in {@link #failures()}; a good one gets the next queued answer. Thread-safe.
 */
public final class SigV4MockBedrock extends QueueDispatcher {
  public static final String ACCESS_KEY = "AKIDEXAMPLE";
  public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  public static final String REGION = "us-east-1";

  private final String region;
  private volatile AwsCredentialsIdentity expected;
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger verified = new AtomicInteger();

  public SigV4MockBedrock(AwsCredentialsIdentity expected, String region) {
    this.expected = expected;
    this.region = region;
  }

  /** Expects {@link #ACCESS_KEY} / {@link #SECRET_KEY} in {@link #REGION}. */
  public static SigV4MockBedrock withTestKeys() {
    return new SigV4MockBedrock(AwsCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY), REGION);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String problem = SigV4Check.problem(request, expected, region, "bedrock");
    if (problem != null) {
      failures.add(problem);
      return new MockResponse.Builder().code(403)
          .addHeader("x-amzn-ErrorType", "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/")
          .addHeader("Content-Type", "application/json")
          .body("{\"message\":\"The request signature we calculated does not match the signature you provided.\"}")
          .build();
    }
    verified.incrementAndGet();
    return super.dispatch(request);
  }

  public void expect(AwsCredentialsIdentity credentials) {
    this.expected = credentials;
  }

  /** Why each rejected request was rejected. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** How many requests carried a valid signature. */
  public int verified() {
    return verified.get();
  }
}
