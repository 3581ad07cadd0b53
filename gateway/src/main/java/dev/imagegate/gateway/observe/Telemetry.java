package dev.imagegate.gateway.observe;

import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.config.Config;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.router.Deployment;
import dev.imagegate.router.RouterListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's observation of calls: metrics and the logging callbacks. It is the pipeline's {@link CallObserver}
 * and the router's {@link RouterListener}; the router's attempts are attached to the call being served on the same
 * thread (the router serves a call synchronously on the caller's thread). Events go to each callback's own queue,
 * so nothing here blocks a request. Thread-safe.
 */
public final class Telemetry implements CallObserver, RouterListener, AutoCloseable {
  private final Clock clock;
  private final Metrics metrics;
  private final List<CallbackQueue> callbacks;
  private final ThreadLocal<CallRecord> serving = new ThreadLocal<>();

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
    serving.set(call);
    metrics.callStarted();
    publish(call.startEvent());
    return call;
  }

  @Override
  public void succeeded(CallRecord call, ImageResponse response) {
    finished(call.successEvent(response, clock.instant()));
  }

  @Override
  public void failed(CallRecord call, Throwable error) {
    finished(call.failureEvent(error, clock.instant()));
  }

  private void finished(CallEvent event) {
    serving.remove();
    metrics.callFinished(event);
    publish(event);
  }

  private void publish(CallEvent event) {
    for (CallbackQueue callback : callbacks) {
      callback.offer(event);
    }
  }

  @Override
  public void attemptFailed(Attempt attempt, ImageGateException error, Duration latency) {
    String type = CallRecord.errorType(error);
    metrics.attemptFinished(attempt.group(), attempt.deployment().id(), type, latency);
    record(attempt, latency, type);
  }

  @Override
  public void succeeded(Attempt attempt, ImageResponse response) {
    Duration latency = Duration.between(attempt.start(), clock.instant());
    metrics.attemptFinished(attempt.group(), attempt.deployment().id(), "success", latency);
    record(attempt, latency, null);
  }

  private void record(Attempt attempt, Duration latency, String errorType) {
    CallRecord call = serving.get();
    if (call != null) {
      call.attempt(new CallEvent.Attempt(attempt.number(), attempt.group(), attempt.deployment().id(),
          attempt.deployment().model(), attempt.start(), latency, errorType));
    }
  }

  @Override
  public void cooledDown(Deployment deployment, Instant until, ImageGateException cause) {
    metrics.cooledDown(deployment.modelName(), deployment.id());
  }

  @Override
  public void fellBack(String fromGroup, String toGroup, ImageGateException cause) {
    metrics.fellBack(fromGroup, toGroup);
    CallRecord call = serving.get();
    if (call != null) {
      call.fellBack(toGroup);
    }
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
