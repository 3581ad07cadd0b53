package dev.imagegate.gateway.observe;

import dev.imagegate.guardrail.GuardrailDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's metrics in a Micrometer registry, scraped as Prometheus text by {@code GET /metrics}. Names follow
 * Prometheus conventions under {@code imagegate_}; labels are model groups, deployment ids, statuses and guardrail
 * or callback names (never keys, users or prompts). The JVM and process series (memory, GC, threads, classes, CPU,
 * uptime, open files) come from Micrometer's binders. Thread-safe.
 */
public final class Metrics {
  static final String NONE = "none";
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
      Duration.ofSeconds(300)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Micrometer holds function counters' state weakly: the suppliers given to it are kept alive here. */
  private final List<Object> retained = new CopyOnWriteArrayList<>();
  /**
   * The per-call meters, found by their labels without a Micrometer builder (which sorts tags, builds an id and looks
   * it up in the registry on every call). Bounded like the registry itself: one entry per label combination.
   */
  private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> durations = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> costs = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> unpriced = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> attempts = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> firstEvents = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> streams = new ConcurrentHashMap<>();

  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final LiteLlmMetrics litellm;

  public Metrics() {
    this(false);
  }

  /**
   * @param litellmNames also count calls under LiteLLM's metric names (see {@link LiteLlmMetrics})
   */
  public Metrics(boolean litellmNames) {
    Gauge.builder("imagegate.in.flight.requests", inFlight, AtomicInteger::get)
        .description("Image calls being served now").register(registry);
    for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
        new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
      binder.bindTo(registry);
    }
    this.litellm = litellmNames ? new LiteLlmMetrics(registry) : null;
  }

  /** The metrics in Prometheus' text format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Exposes the spend writer's queue: {@code imagegate_spend_queue_depth} (rows waiting) and
   * {@code imagegate_spend_dropped_rows_total} (rows given up on). The suppliers are read at each scrape and must be
   * cheap and thread-safe.
   */
  public void spendWriter(Supplier<? extends Number> queueDepth, Supplier<? extends Number> droppedRows) {
    Gauge.builder("imagegate.spend.queue.depth", queueDepth, s -> s.get().doubleValue()).strongReference(true)
        .description("Spend-log rows waiting to be written").register(registry);
    retained.add(droppedRows);
    FunctionCounter.builder("imagegate.spend.dropped.rows", droppedRows, s -> s.get().doubleValue())
        .description("Spend-log rows dropped because the writer could not keep up or the store failed")
        .register(registry);
  }

  /**
   * Exposes {@code upstream_buffer_mb}, the bound on large upstream answers held in the heap at once:
   * {@code imagegate_upstream_buffer_available_bytes} (room left) and {@code imagegate_upstream_buffer_waiting}
   * (answers not read on until room is made). Read at each scrape.
   */
  public void upstreamBuffer(Supplier<? extends Number> available, Supplier<? extends Number> waiting) {
    Gauge.builder("imagegate.upstream.buffer.available", available, s -> s.get().doubleValue())
        .strongReference(true).baseUnit("bytes")
        .description("Room left in upstream_buffer_mb for large upstream answers").register(registry);
    Gauge.builder("imagegate.upstream.buffer.waiting", waiting, s -> s.get().doubleValue()).strongReference(true)
        .description("Upstream answers waiting for room in upstream_buffer_mb").register(registry);
  }

  /**
   * Exposes the spend journal's group commits: {@code imagegate_spend_journal_syncs_total} (fsyncs) and
   * {@code imagegate_spend_journal_rows_total} (events journaled; their ratio is rows per fsync) and
   * {@code imagegate_spend_journal_failures_total}. Suppliers are read at each scrape.
   */
  public void spendJournal(Supplier<? extends Number> syncs, Supplier<? extends Number> rows,
                           Supplier<? extends Number> failures) {
    counter("imagegate.spend.journal.syncs", syncs, "Spend journal fsyncs (one per group commit)");
    counter("imagegate.spend.journal.rows", rows, "Spend events journaled before their answer was sent");
    counter("imagegate.spend.journal.failures", failures, "Spend journal appends that failed (rows went to the "
        + "database writer only)");
  }

  /**
   * Exposes {@code imagegate_budget_outage_decisions_total}: admissions the fleet's shared limit store (Redis) could
   * not decide, checked per process or refused per {@code budget_checks_on_outage}.
   */
  public void budgetOutageDecisions(Supplier<? extends Number> decisions) {
    counter("imagegate.budget.outage.decisions", decisions, "Admissions Redis could not decide (checked per process "
        + "or refused per budget_checks_on_outage)");
  }

  private void counter(String name, Supplier<? extends Number> value, String description) {
    retained.add(value);
    FunctionCounter.builder(name, value, s -> s.get().doubleValue()).description(description).register(registry);
  }

  /**
   * Exposes {@code imagegate_shared_state_fallbacks_total}: router-state operations served by this process because
   * the shared store (Redis) could not answer. The supplier is read at each scrape and must be cheap and thread-safe.
   */
  public void sharedStateFallbacks(Supplier<? extends Number> fallbacks) {
    retained.add(fallbacks);
    FunctionCounter.builder("imagegate.shared.state.fallbacks", fallbacks, s -> s.get().doubleValue())
        .description("Router-state operations served per process because Redis could not answer")
        .register(registry);
  }

  /** Calls started and not yet finished in this process (the {@code imagegate_in_flight_requests} gauge). */
  public int callsInFlight() {
    return inFlight.get();
  }

  void callStarted() {
    inFlight.incrementAndGet();
  }

  void callFinished(CallEvent event) {
    inFlight.decrementAndGet();
    String group = event.modelGroup();
    String deployment = event.deployment() == null ? NONE : event.deployment();
    List<String> labels = List.of(group, deployment);
    requests.computeIfAbsent(List.of(group, deployment, String.valueOf(event.status()), event.callType()), k ->
        Counter.builder("imagegate.requests")
            .description("Image calls by model group, deployment, HTTP status and call type")
            .tags("model_group", k.get(0), "deployment", k.get(1), "status", k.get(2), "call_type", k.get(3))
            .register(registry))
        .increment();
    durations.computeIfAbsent(List.of(group, deployment, event.callType()), k ->
        Timer.builder("imagegate.request.duration").description("Time from a call's start to its answer")
            .tags("model_group", k.get(0), "deployment", k.get(1), "call_type", k.get(2))
            .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)).record(event.latency());
    if (event.costUsd() != null) {
      costs.computeIfAbsent(labels, k -> Counter.builder("imagegate.cost.usd").description("What calls cost, in US "
          + "dollars").tags("model_group", k.get(0), "deployment", k.get(1)).register(registry))
          .increment(event.costUsd().doubleValue());
    } else if (event.event() == CallEvent.Kind.SUCCESS) {
      unpriced.computeIfAbsent(labels, k -> Counter.builder("imagegate.unpriced.calls")
          .description("Successful calls whose cost is unknown").tags("model_group", k.get(0), "deployment", k.get(1))
          .register(registry)).increment();
    }
    if (event.stream() != null) {
      streamFinished(group, event.stream(), event.latency());
    }
    if (event.retries() > 0) {
      Counter.builder("imagegate.retries").description("Attempts retried within a model group")
          .tags("model_group", group).register(registry).increment(event.retries());
    }
    if (litellm != null) {
      litellm.callFinished(event);
    }
    for (GuardrailDecision decision : event.guardrails()) {
      Counter.builder("imagegate.guardrail.decisions").description("Guardrail decisions on prompts")
          .tags("guardrail", decision.guardrail(), "action", decision.action().wireName()).register(registry)
          .increment();
    }
  }

  /**
   * A streamed call's times, by model group and by how the provider served it ({@code upstream}: {@code streamed}
   * when it streamed the call itself, {@code emulated} when its ordinary answer was sent as completed events,
   * {@code none} when no image came): {@code imagegate_stream_first_event_duration} from the call's start to the
   * first event written, and {@code imagegate_stream_duration} to the end of the stream.
   */
  private void streamFinished(String group, CallEvent.Stream stream, Duration total) {
    String upstream = stream.upstreamStreamed() == null ? NONE : stream.upstreamStreamed() ? "streamed" : "emulated";
    List<String> labels = List.of(group, upstream);
    if (stream.firstEvent() != null) {
      firstEvents.computeIfAbsent(labels, k -> Timer.builder("imagegate.stream.first.event.duration")
          .description("Streamed calls: time from the call's start to its first event")
          .tags("model_group", k.get(0), "upstream", k.get(1)).serviceLevelObjectives(LATENCY_BUCKETS)
          .register(registry)).record(stream.firstEvent());
    }
    streams.computeIfAbsent(labels, k -> Timer.builder("imagegate.stream.duration")
        .description("Streamed calls: time from the call's start to the end of its stream")
        .tags("model_group", k.get(0), "upstream", k.get(1)).serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)).record(total);
  }

  void attemptFinished(String group, String deployment, String outcome, Duration latency) {
    attempts.computeIfAbsent(List.of(group, deployment, outcome), k ->
        Timer.builder("imagegate.deployment.attempt.duration")
            .description("Provider attempts by deployment and outcome (success or the error type)")
            .tags("model_group", k.get(0), "deployment", k.get(1), "outcome", k.get(2))
            .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)).record(latency);
    if (litellm != null) {
      litellm.attemptFinished(group, deployment, "success".equals(outcome));
    }
  }

  void fellBack(String fromGroup, String toGroup) {
    if (litellm != null) {
      litellm.fellBack(fromGroup, toGroup);
    }
    Counter.builder("imagegate.fallbacks").description("Calls passed on to a fallback model group")
        .tags("model_group", fromGroup, "fallback_group", toGroup).register(registry).increment();
  }

  void cooledDown(String group, String deployment) {
    if (litellm != null) {
      litellm.cooledDown(group, deployment);
    }
    Counter.builder("imagegate.cooldowns").description("Deployments put in cooldown after failures")
        .tags("model_group", group, "deployment", deployment).register(registry).increment();
  }

  void callbackQueue(CallbackQueue queue) {
    Gauge.builder("imagegate.callback.queue.depth", queue, CallbackQueue::depth)
        .description("Events waiting for a logging callback").tags("callback", queue.name()).register(registry);
    FunctionCounter.builder("imagegate.callback.dropped.events", queue, CallbackQueue::dropped)
        .description("Events dropped because a callback's queue was full").tags("callback", queue.name())
        .register(registry);
    FunctionCounter.builder("imagegate.callback.failures", queue, CallbackQueue::failures)
        .description("Batches a callback failed to handle").tags("callback", queue.name()).register(registry);
  }

  public void close() {
    gc.close();
    registry.close();
  }
}
