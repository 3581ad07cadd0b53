package dev.imagegate.router;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Traffic} for one process: counters per deployment; latency is the mean of the last 10 samples. */
public final class InMemoryTraffic implements Traffic {
  static final int LATENCY_SAMPLES = 10;

  private final Map<String, State> states = new ConcurrentHashMap<>();

  private static final class State {
    int inFlight;
    long minute = Long.MIN_VALUE;
    long requests;
    final Deque<Duration> latencies = new ArrayDeque<>();
  }

  private State state(String id) {
    return states.computeIfAbsent(id, k -> new State());
  }

  @Override
  public boolean tryStart(String deploymentId, Integer rpm, Instant now) {
    State state = state(deploymentId);
    synchronized (state) {
      long minute = now.getEpochSecond() / 60;
      if (state.minute != minute) {
        state.minute = minute;
        state.requests = 0;
      }
      if (rpm != null && state.requests >= rpm) {
        return false;
      }
      state.requests++;
      state.inFlight++;
      return true;
    }
  }

  @Override
  public void finished(String deploymentId) {
    State state = state(deploymentId);
    synchronized (state) {
      state.inFlight = Math.max(0, state.inFlight - 1);
    }
  }

  @Override
  public void recordLatency(String deploymentId, Duration latency) {
    State state = state(deploymentId);
    synchronized (state) {
      state.latencies.addLast(latency);
      if (state.latencies.size() > LATENCY_SAMPLES) {
        state.latencies.removeFirst();
      }
    }
  }

  @Override
  public int inFlight(String deploymentId) {
    State state = state(deploymentId);
    synchronized (state) {
      return state.inFlight;
    }
  }

  @Override
  public long requestsThisMinute(String deploymentId, Instant now) {
    State state = state(deploymentId);
    synchronized (state) {
      return state.minute == now.getEpochSecond() / 60 ? state.requests : 0;
    }
  }

  @Override
  public Optional<Duration> averageLatency(String deploymentId) {
    State state = state(deploymentId);
    synchronized (state) {
      if (state.latencies.isEmpty()) {
        return Optional.empty();
      }
      long total = state.latencies.stream().mapToLong(Duration::toNanos).sum();
      return Optional.of(Duration.ofNanos(total / state.latencies.size()));
    }
  }
}
