package dev.imagegate.gateway.budget;

import dev.imagegate.Cost;
import dev.imagegate.gateway.keys.AuthenticatedKey;

/**
 * What {@link Enforcement#admit} needs to know about a call before any provider is called.
 *
 * @param key the virtual key, or null for a master-key (or open gateway) call, where only end-user limits apply
 * @param callerHash the SHA-256 of the master key for such calls (logged as {@code api_key}), or null
 * @param endUserId the end user ({@code user} field or {@code x-imagegate-end-user}), or null
 * @param estimate what the call may cost at most ({@link CallEstimate}: n x the highest per-image price among the
 *     deployments and fallback groups it may reach); an unpriced estimate reserves nothing
 */
public record Admission(AuthenticatedKey key, String callerHash, String endUserId, String modelGroup, Cost estimate) {
  public Admission {
    if (modelGroup == null || modelGroup.isBlank()) {
      throw new IllegalArgumentException("an admission needs the model group");
    }
    if (estimate == null) {
      throw new IllegalArgumentException("an admission needs a cost estimate (Cost.unpriced(...) when none)");
    }
  }

  public static Admission forKey(AuthenticatedKey key, String endUserId, String modelGroup, Cost estimate) {
    return new Admission(key, null, endUserId, modelGroup, estimate);
  }

  public static Admission forMaster(String masterHash, String endUserId, String modelGroup, Cost estimate) {
    return new Admission(null, masterHash, endUserId, modelGroup, estimate);
  }
}
