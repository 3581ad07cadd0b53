package dev.imagegate.router;

import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Usage;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Allowed;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.testing.MockServers;
import dev.imagegate.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A scripted provider named {@code fake}: per model, a queue of outcomes (a failure to throw, or {@link #EMPTY} for
 * an answer without images); once the queue is empty every call succeeds with n tiny PNGs. Each call advances the
 * clock by the model's latency. Records every call.
 */
final class FakeProvider implements Provider {
  static final Object EMPTY = new Object();

  private final MutableClock clock;
  private final Map<String, Deque<Object>> scripts = new HashMap<>();
  private final Map<String, Supplier<ImageGateException>> always = new HashMap<>();
  private final Map<String, Duration> latencies = new HashMap<>();
  private final Map<String, Capabilities> capabilities = new HashMap<>();
  final List<ProviderCall> calls = Collections.synchronizedList(new ArrayList<>());

  FakeProvider(MutableClock clock) {
    this.clock = clock;
  }

  /** Queues outcomes for {@code model}: exceptions are thrown, {@link #EMPTY} answers without images. */
  synchronized FakeProvider script(String model, Object... outcomes) {
    scripts.computeIfAbsent(model, k -> new ArrayDeque<>()).addAll(List.of(outcomes));
    return this;
  }

  /** Every call to {@code model} fails. */
  synchronized FakeProvider failAlways(String model, Supplier<ImageGateException> failure) {
    always.put(model, failure);
    return this;
  }

  synchronized FakeProvider latency(String model, Duration latency) {
    latencies.put(model, latency);
    return this;
  }

  synchronized FakeProvider capabilities(String model, Capabilities value) {
    capabilities.put(model, value);
    return this;
  }

  /** The models called, in order. */
  List<String> calledModels() {
    synchronized (calls) {
      return calls.stream().map(ProviderCall::model).toList();
    }
  }

  static Capabilities sizes(String... allowed) {
    return new Capabilities(1, 10, Allowed.oneOf(allowed), Allowed.ANY, Allowed.ANY,
        EnumSet.of(ResponseFormat.B64_JSON), true, true, Set.of(), Set.of());
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public synchronized Capabilities capabilities(ProviderCall call) {
    return capabilities.getOrDefault(call.model(), Capabilities.permissive());
  }

  /** Edits like it generates (the call records its operation), for models given edit capabilities. */
  @Override
  public ImageResponse edit(ProviderCall call) {
    return generate(call);
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    calls.add(call);
    Object outcome;
    Supplier<ImageGateException> failure;
    synchronized (this) {
      clock.advance(latencies.getOrDefault(call.model(), Duration.ZERO));
      Deque<Object> script = scripts.get(call.model());
      outcome = script == null ? null : script.poll();
      failure = always.get(call.model());
    }
    if (outcome instanceof ImageGateException e) {
      throw e;
    }
    if (outcome == null && failure != null) {
      throw failure.get();
    }
    List<ImageData> images = outcome == EMPTY ? List.of()
        : Collections.nCopies(call.request().count(), ImageData.ofBase64(MockServers.PNG_1X1, null));
    return ImageResponse.of(clock.instant().getEpochSecond(), images, Usage.NONE, Map.of(), name(), call.model());
  }
}
