package dev.imagegate.provider.bedrock;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;

/**
 * AWS STS ({@code AssumeRole}, {@code AssumeRoleWithWebIdentity}) through the AWS SDK's STS client, which sends with
 * the JDK-based {@code url-connection-client} and does not retry (retries belong to imagegate's router). The providers
 * cache the role credentials and refresh them before they expire.
 */
final class BedrockSts {
  private BedrockSts() {
  }

  static AwsCredentialsProvider assumeRole(BedrockCredentials.AssumeRole role, AwsCredentialsProvider base) {
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(client(role.region(), role.stsEndpoint(), base))
        .refreshRequest(request -> request.roleArn(role.roleArn()).roleSessionName(role.sessionName())
            .externalId(role.externalId()))
        .build();
  }

  static AwsCredentialsProvider webIdentity(BedrockCredentials.WebIdentity identity) {
    return StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
        .stsClient(client(identity.region(), identity.stsEndpoint(), AnonymousCredentialsProvider.create()))
        .refreshRequest(request -> request.roleArn(identity.roleArn()).roleSessionName(identity.sessionName())
            .webIdentityToken(identity.token()))
        .build();
  }

  private static StsClient client(String region, String endpoint, AwsCredentialsProvider credentials) {
    StsClientBuilder builder = StsClient.builder()
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }
}
