package dev.imagegate.router;

import dev.imagegate.ImageResponse;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves one request from one model group with retries: a failed attempt is retried at once on another healthy
 * deployment when there is one, else on the same deployment after a wait (the failure's Retry-After, else exponential
 * backoff with jitter). Each failure may cool its deployment down.
 */
final class GroupCall {
  static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  /** What one router call has done so far, across the groups it tries: what its {@link CallResult} is made of. */
  static final class Progress {
    final List<CallResult.Attempt> attempts = new ArrayList<>();
    final List<String> fallbacksTried = new ArrayList<>();
    ImageGateException lastFailure;

    CallResult succeeded(ImageResponse response) {
      return new CallResult(response, null, attempts, fallbacksTried);
    }

    CallResult failed(ImageGateException failure) {
      return new CallResult(null, lastFailure != null ? lastFailure : failure, attempts, fallbacksTried);
    }

    /** A failed streamed call: what it was billed before it failed goes with it. */
    CallResult failed(ImageGateException failure, StreamDelivery stream) {
      CallResult result = failed(failure);
      return stream == null || !stream.begun() ? result : result.withFailedCost(stream.billed());
    }
  }

  private final RouterContext context;
  private final Picker picker;

  GroupCall(RouterContext context, Picker picker) {
    this.context = context;
    this.picker = picker;
  }

  /** The retry state of one group call: deployments not to pick again, failures per deployment, retries used. */
  private static final class Retries {
    final Set<String> exhausted = new HashSet<>();
    final Map<String, Integer> failuresOf = new HashMap<>();
    Set<String> avoid = Set.of();
    int used;
  }

  /**
   * Serves the call from {@code group}, whose servable deployments ({@link Picker#servable}) are given; streamed to
   * {@code stream} when it is not null, and then never retried once its first event is delivered.
   */
  ImageResponse run(ModelGroup group, Map<Deployment, Picker.Pick> servable, Progress progress,
                    StreamDelivery stream) {
    Retries retries = new Retries();
    while (true) {
      Picker.Pick pick;
      try {
        pick = picker.pickAndStart(group, servable, retries.avoid, retries.exhausted);
      } catch (ImageGateException e) {
        throw retries.used > 0 ? progress.lastFailure : e;
      }
      try {
        return attempt(group, pick, progress, stream);
      } catch (ImageGateException e) {
        if (stream != null && stream.begun()) {
          throw e;
        }
        prepareRetry(group, servable, pick.deployment(), e, retries);
      } finally {
        context.traffic().finished(pick.deployment().id());
      }
    }
  }

  /**
   * Decides how to retry after {@code error}: rethrows it when the retries for its kind are used up or nothing is
   * left to try; returns at once when another healthy deployment can take the retry; else waits and returns so the
   * same deployment is tried again.
   */
  private void prepareRetry(ModelGroup group, Map<Deployment, Picker.Pick> servable, Deployment deployment,
                            ImageGateException error, Retries retries) {
    if (retries.used >= context.settings().retryPolicy().retriesFor(error, context.settings().numRetries())) {
      throw error;
    }
    retries.used++;
    int failures = retries.failuresOf.merge(deployment.id(), 1, Integer::sum);
    Integer cap = deployment.maxRetries();
    if (!error.retryable() || cap != null && failures > cap) {
      retries.exhausted.add(deployment.id());
    }
    if (picker.hasAlternative(group, servable, deployment, retries.exhausted)) {
      retries.avoid = Set.of(deployment.id());
      return;
    }
    if (retries.exhausted.contains(deployment.id())) {
      throw error;
    }
    waitBeforeRetry(error, retries.used);
    retries.avoid = Set.of();
  }

  /** One try of the picked target; the attempt is added to {@code progress} whatever happens. */
  private ImageResponse attempt(ModelGroup group, Picker.Pick pick, Progress progress, StreamDelivery stream) {
    Target target = pick.target();
    Deployment deployment = target.deployment();
    Instant start = context.clock().instant();
    int number = progress.attempts.size() + 1;
    RouterListener.Attempt attempt = new RouterListener.Attempt(group.name(), deployment, number, start);
    context.listener().attemptStarted(attempt);
    try {
      ImageResponse response = context.dispatcher().send(target, pick.request(), stream);
      Duration latency = Duration.between(start, context.clock().instant());
      context.traffic().recordLatency(deployment.id(), latency);
      progress.attempts.add(new CallResult.Attempt(number, group.name(), deployment.id(), deployment.model(),
          target.ref().provider(), start, latency, null));
      context.listener().succeeded(attempt, response);
      return response;
    } catch (ImageGateException e) {
      Duration latency = Duration.between(start, context.clock().instant());
      if (e instanceof Timeout) {
        context.traffic().recordLatency(deployment.id(), latency);
      }
      progress.attempts.add(new CallResult.Attempt(number, group.name(), deployment.id(), deployment.model(),
          target.ref().provider(), start, latency, e));
      progress.lastFailure = e;
      context.listener().attemptFailed(attempt, e, latency);
      coolDownIfDue(group, deployment, e);
      throw e;
    }
  }

  /**
   * A deployment failing with 429, 401, 404, 408 or 5xx more than {@code allowed_fails} times in a minute cools down
   * for {@code cooldown_time} (a 429 for its Retry-After when it sent one). A group's only deployment cools down
   * only on 429: cooling it for anything else would just turn every call into a failure.
   */
  private void coolDownIfDue(ModelGroup group, Deployment deployment, ImageGateException error) {
    boolean eligible = switch (error) {
      case RateLimited r -> true;
      case Authentication a -> true;
      case NotFound n -> true;
      case Timeout t -> true;
      case UpstreamUnavailable u -> true;
      case UpstreamProtocol u -> true;
      default -> false;
    };
    boolean alone = group.targets().size() == 1;
    if (!eligible || alone && !(error instanceof RateLimited)) {
      return;
    }
    Instant now = context.clock().instant();
    if (context.cooldowns().recordFailure(deployment.id(), now) <= context.settings().allowedFails()) {
      return;
    }
    Duration length = error instanceof RateLimited && error.retryAfter().isPresent()
        ? error.retryAfter().get() : context.settings().cooldownTime();
    Instant until = now.plus(length);
    context.cooldowns().coolDown(deployment.id(), until);
    context.listener().cooledDown(deployment, until, error);
  }

  /** Waits before retrying the same deployment; a Retry-After beyond the router's limit ends the retries. */
  private void waitBeforeRetry(ImageGateException error, int retry) {
    Duration wait = error.retryAfter().orElse(null);
    if (wait != null && wait.compareTo(context.settings().maxRetryAfter()) > 0) {
      throw error;
    }
    if (wait == null) {
      wait = backoff(retry);
    }
    try {
      context.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw error;
    }
  }

  /** 0.5 s, 1 s, 2 s, ... up to 8 s, each shortened by a random 0-25%. */
  Duration backoff(int retry) {
    long base = INITIAL_BACKOFF.toMillis() << Math.min(retry - 1, 10);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    double jitter = 1 - 0.25 * context.random().nextDouble();
    return Duration.ofMillis(Math.round(capped * jitter));
  }
}
