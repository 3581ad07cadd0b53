package dev.imagegate.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The same calls counted under LiteLLM's Prometheus names and labels, so dashboards built for LiteLLM's proxy work
 * unchanged ({@code litellm_settings.litellm_compatible_metrics: true}). Missing label values are {@code "None"}, as
 * LiteLLM writes them. The latency histogram is in seconds without a unit suffix, as LiteLLM's. Thread-safe.
 */
final class LiteLlmMetrics {
  private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 20,
      25, 30, 60, 120, 300, 600};

  private final MeterRegistry registry;

  LiteLlmMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void callFinished(CallEvent event) {
    String group = label(event.modelGroup());
    String[] who = {"api_key_alias", label(event.keyAlias()), "team", label(event.team()), "user",
        label(event.user()), "end_user", label(event.endUser())};
    Counter.builder("litellm_proxy_total_requests_metric").tags(who)
        .tags("requested_model", group, "status_code", String.valueOf(event.status())).register(registry).increment();
    if (event.event() == CallEvent.Kind.FAILURE) {
      Counter.builder("litellm_proxy_failed_requests_metric").tags(who)
          .tags("requested_model", group, "exception_status", String.valueOf(event.status()),
              "exception_class", label(event.errorType()))
          .register(registry).increment();
    }
    if (event.costUsd() != null) {
      Counter.builder("litellm_spend_metric").tags(who).tags("model", group).register(registry)
          .increment(event.costUsd().doubleValue());
    }
    DistributionSummary.builder("litellm_request_total_latency_metric").serviceLevelObjectives(LATENCY_BUCKETS)
        .tags("model", group, "api_key_alias", label(event.keyAlias()), "team", label(event.team()))
        .register(registry).record(event.latency().toNanos() / 1e9);
  }

  void attemptFinished(String group, String deployment, boolean success) {
    Counter.builder(success ? "litellm_deployment_success_responses" : "litellm_deployment_failure_responses")
        .tags("requested_model", label(group), "model_id", label(deployment)).register(registry).increment();
    Counter.builder("litellm_deployment_total_requests")
        .tags("requested_model", label(group), "model_id", label(deployment)).register(registry).increment();
  }

  void fellBack(String fromGroup, String toGroup) {
    Counter.builder("litellm_deployment_successful_fallbacks")
        .tags("requested_model", label(fromGroup), "fallback_model", label(toGroup)).register(registry).increment();
  }

  void cooledDown(String group, String deployment) {
    Counter.builder("litellm_deployment_cooled_down")
        .tags("requested_model", label(group), "model_id", label(deployment)).register(registry).increment();
  }

  private static String label(String value) {
    return value == null || value.isEmpty() ? "None" : value;
  }
}
