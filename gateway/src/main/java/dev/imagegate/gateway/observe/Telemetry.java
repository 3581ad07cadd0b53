package dev.imagegate.gateway.observe;

import dev.imagegate.ImageRequest;
import dev.imagegate.config.Config;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.CallResult;
import dev.imagegate.router.RouterListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's observation of calls: metrics and the logging callbacks, built from each call's {@link CallRecord}
 * and router {@link CallResult} when it ends. It is also the router's {@link RouterListener} for what belongs to no
 * one call (cooldowns). Events go to each callback's own queue, so nothing here blocks a request. Thread-safe.
 */
public final class Telemetry implements CallObserver, RouterListener, AutoCloseable {
  private final Clock clock;
  private final Metrics metrics;
  private final List<CallbackQueue> callbacks;

  Telemetry(Clock clock, Metrics metrics, List<CallbackQueue> callbacks) {
    this.clock = clock;
    this.metrics = metrics;
    this.callbacks = List.copyOf(callbacks);
    callbacks.forEach(metrics::callbackQueue);
  }

  /**
   * Metrics plus the callbacks {@code config} names ({@code litellm_settings.callbacks} and friends).
   *
   * @param stdout where {@code json_logs} writes
   * @param warnings told about callback names imagegate does not have
   * @throws IllegalArgumentException listing every bad callback setting
   */
  public static Telemetry fromConfig(Config config, boolean litellmCompatibleMetrics, HttpTransport transport,
                                     Clock clock, PrintStream stdout, Consumer<String> warnings) {
    return new Telemetry(clock, new Metrics(litellmCompatibleMetrics),
        new CallbackConfig(config, transport, stdout, warnings).build());
  }

  public Metrics metrics() {
    return metrics;
  }

  @Override
  public CallRecord started(String callId, ImageRequest request) {
    CallRecord call = new CallRecord(callId, clock.instant(), request);
    metrics.callStarted();
    publish(call.startEvent());
    return call;
  }

  @Override
  public void finished(CallRecord call, CallResult result) {
    for (CallResult.Attempt attempt : result.attempts()) {
      metrics.attemptFinished(attempt.group(), attempt.deploymentId(),
          attempt.error() == null ? "success" : CallRecord.errorType(attempt.error()), attempt.latency());
    }
    for (String fallback : result.fallbacksTried()) {
      metrics.fellBack(call.modelGroup(), fallback);
    }
    finished(call.finishedEvent(result, clock.instant()));
  }

  @Override
  public void failed(CallRecord call, Throwable error) {
    finished(call.failureEvent(error, null, clock.instant()));
  }

  private void finished(CallEvent event) {
    metrics.callFinished(event);
    publish(event);
  }

  private void publish(CallEvent event) {
    for (CallbackQueue callback : callbacks) {
      callback.offer(event);
    }
  }

  @Override
  public void cooledDown(Deployment deployment, Instant until, ImageGateException cause) {
    metrics.cooledDown(deployment.modelName(), deployment.id());
  }

  /** Gives each callback up to {@code grace} to hand over what is queued, then closes it. */
  public void close(Duration grace) {
    callbacks.forEach(callback -> callback.close(grace));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
