package dev.imagegate.router;

import java.time.Instant;
import java.util.Optional;

/**
 * Failure counts and cooldowns per deployment. The router decides when to cool a deployment down; this only stores.
 * An interface so several gateway instances can share cooldowns (e.g. through Redis); the default
 * {@link InMemoryCooldowns} is per process. Implementations are thread-safe.
 */
public interface Cooldowns {
  /** Never cools anything down (the SDK client's one-target calls: every failure is the caller's to see). */
  Cooldowns NONE = new Cooldowns() {
    @Override
    public int recordFailure(String deploymentId, Instant now) {
      return 0;
    }

    @Override
    public void coolDown(String deploymentId, Instant until) {
    }

    @Override
    public Optional<Instant> coolingUntil(String deploymentId, Instant now) {
      return Optional.empty();
    }
  };

  /** Records one failure at {@code now}; returns the failures in the minute ending at {@code now}, this one included. */
  int recordFailure(String deploymentId, Instant now);

  /** Cools the deployment down until {@code until} and forgets its failures. */
  void coolDown(String deploymentId, Instant until);

  /** When the deployment's cooldown ends, if it is cooling down at {@code now}. */
  Optional<Instant> coolingUntil(String deploymentId, Instant now);
}
