package dev.imagegate.router;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many retries each kind of failure gets ({@code retry_policy}), with {@code num_retries} for kinds it does not
 * name. Bad requests and content policy violations are never retried unless the policy says so; budget failures
 * never are.
 */
public record RetryPolicy(Map<Kind, Integer> retries) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(Map.of());

  /** The failure kinds LiteLLM's {@code retry_policy} names, with their configuration keys. */
  public enum Kind {
    BAD_REQUEST("BadRequestErrorRetries"),
    AUTHENTICATION("AuthenticationErrorRetries"),
    TIMEOUT("TimeoutErrorRetries"),
    RATE_LIMIT("RateLimitErrorRetries"),
    CONTENT_POLICY_VIOLATION("ContentPolicyViolationErrorRetries"),
    INTERNAL_SERVER("InternalServerErrorRetries");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    public static Optional<Kind> ofKey(String key) {
      for (Kind kind : values()) {
        if (kind.key.equals(key)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  public RetryPolicy {
    retries = retries.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(retries));
    retries.values().forEach(n -> {
      if (n < 0) {
        throw new IllegalArgumentException("retries must not be negative: " + n);
      }
    });
  }

  /** How many retries a call that failed with {@code error} may make in total. */
  public int retriesFor(ImageGateException error, int numRetries) {
    Kind kind = kindOf(error);
    if (kind != null && retries.containsKey(kind)) {
      return retries.get(kind);
    }
    return switch (error) {
      case BadRequest b -> 0;
      case ContentPolicyViolation c -> 0;
      case BudgetExceeded b -> 0;
      default -> numRetries;
    };
  }

  /** The policy kind of a failure, or null for kinds the policy does not name (404, 403, budget). */
  static Kind kindOf(ImageGateException error) {
    return switch (error) {
      case BadRequest b -> Kind.BAD_REQUEST;
      case Authentication a -> Kind.AUTHENTICATION;
      case Timeout t -> Kind.TIMEOUT;
      case RateLimited r -> Kind.RATE_LIMIT;
      case ContentPolicyViolation c -> Kind.CONTENT_POLICY_VIOLATION;
      case UpstreamUnavailable u -> Kind.INTERNAL_SERVER;
      case UpstreamProtocol u -> Kind.INTERNAL_SERVER;
      case Internal i -> Kind.INTERNAL_SERVER;
      case NotFound n -> null;
      case PermissionDenied p -> null;
      case BudgetExceeded b -> null;
      case Cancelled c -> null;
    };
  }
}
