package dev.imagegate.router;

import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.UpstreamUnavailable;
import java.time.Duration;

/** Typed failures as providers raise them, with the upstream status set. */
final class Failures {
  private Failures() {
  }

  static ImageGateException.Details status(int status) {
    return new ImageGateException.Details("fake", "m", status, "upstream says no", "req-1");
  }

  static UpstreamUnavailable serverError() {
    return new UpstreamUnavailable("fake error 503: overloaded", 503, status(503), null);
  }

  static RateLimited rateLimited(Duration retryAfter) {
    return new RateLimited("fake error 429: slow down", retryAfter, status(429));
  }

  static Authentication unauthorized() {
    return new Authentication("fake error 401: bad key", status(401));
  }

  static BadRequest badRequest() {
    return new BadRequest("fake error 400: bad size", "size", status(400));
  }

  static ContentPolicyViolation contentPolicy() {
    return new ContentPolicyViolation("fake error 400: refused by safety system", status(400));
  }
}
