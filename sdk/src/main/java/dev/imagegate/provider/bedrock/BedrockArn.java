package dev.imagegate.provider.bedrock;

import java.util.Optional;

/**
 * A Bedrock ARN used as a model id, e.g. {@code arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon
 * .nova-canvas-v1:0}: the region it lives in and its resource ({@code foundation-model/<id>},
 * {@code inference-profile/<id>}, {@code application-inference-profile/<opaque>}, {@code provisioned-model/<opaque>}).
 */
record BedrockArn(String partition, String region, String account, String resourceType, String resourceId) {

  /** The ARN in {@code modelId}, or empty when it is a plain model id. */
  static Optional<BedrockArn> parse(String modelId) {
    if (!modelId.startsWith("arn:")) {
      return Optional.empty();
    }
    String[] parts = modelId.split(":", 6);
    if (parts.length < 6 || parts[3].isEmpty()) {
      return Optional.empty();
    }
    String resource = parts[5];
    int slash = resource.indexOf('/');
    String type = slash < 0 ? resource : resource.substring(0, slash);
    String id = slash < 0 ? "" : resource.substring(slash + 1);
    return Optional.of(new BedrockArn(parts[1], parts[3], parts[4], type, id));
  }
}
