package dev.imagegate.gateway.images;

import dev.imagegate.ImageResponse;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.router.RouterListener;
import java.time.Duration;

/**
 * What one call tried, heard from the router as it happens: attempts, fallbacks and the last deployment used. A
 * failed call's spend row gets its retries and fallbacks from here. Used by one call at a time (the router calls it
 * from the request's thread).
 */
final class CallTrace implements RouterListener {
  private volatile int attempts;
  private volatile int fallbacks;
  private volatile String deploymentId;
  private volatile String provider;

  @Override
  public void attemptStarted(Attempt attempt) {
    attempts = attempt.number();
    deploymentId = attempt.deployment().id();
    String model = attempt.deployment().model();
    int slash = model.indexOf('/');
    provider = attempt.deployment().customProvider() != null ? attempt.deployment().customProvider()
        : slash > 0 ? model.substring(0, slash) : null;
  }

  @Override
  public void succeeded(Attempt attempt, ImageResponse response) {
    provider = response.provider();
  }

  @Override
  public void attemptFailed(Attempt attempt, ImageGateException error, Duration latency) {
  }

  @Override
  public void fellBack(String fromGroup, String toGroup, ImageGateException cause) {
    fallbacks++;
  }

  int retries() {
    return Math.max(0, attempts - 1 - fallbacks);
  }

  int attempts() {
    return attempts;
  }

  int fallbacks() {
    return fallbacks;
  }

  String deploymentId() {
    return deploymentId;
  }

  String provider() {
    return provider;
  }
}
