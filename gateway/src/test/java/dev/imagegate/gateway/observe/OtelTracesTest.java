package dev.imagegate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegate.provider.Env;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The otel callback's spans, read from an in-memory exporter (no collector needed). */
class OtelTracesTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OtelTraces traces = new OtelTraces(SimpleSpanProcessor.create(exporter), "imagegate-test");

  @Test
  void oneSpanPerCallAndOneChildSpanPerAttemptWithTheirRealTimes() {
    traces.handle(List.of(Events.success("call-1")));

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(3);
    SpanData call = spans.stream().filter(s -> s.getName().equals("image_generation pics")).findFirst().orElseThrow();
    assertThat(call.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(call.getParentSpanContext().isValid()).isFalse();
    assertThat(call.getStartEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(Events.START.getEpochSecond()));
    assertThat(call.getEndEpochNanos() - call.getStartEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
    assertThat(call.getAttributes().get(AttributeKey.stringKey("imagegate.call_id"))).isEqualTo("call-1");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(call.getAttributes().get(AttributeKey.doubleKey("imagegate.cost_usd"))).isEqualTo(0.08);
    assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7L);
    assertThat(call.getAttributes().get(AttributeKey.stringArrayKey("imagegate.guardrails")))
        .containsExactly("no-pii:masked");
    assertThat(call.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("imagegate-test");
    List<SpanData> attempts = spans.stream().filter(s -> s.getName().startsWith("provider_attempt")).toList();
    assertThat(attempts).extracting(SpanData::getName).containsExactlyInAnyOrder("provider_attempt d1",
        "provider_attempt d2");
    assertThat(attempts).allSatisfy(a -> {
      assertThat(a.getParentSpanId()).isEqualTo(call.getSpanId());
      assertThat(a.getTraceId()).isEqualTo(call.getTraceId());
      assertThat(a.getKind()).isEqualTo(SpanKind.CLIENT);
    });
    SpanData failed = attempts.stream().filter(a -> a.getName().endsWith("d1")).findFirst().orElseThrow();
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("rate_limit");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void aFailedCallIsAnErrorSpanAndStartEventsMakeNoSpans() {
    traces.handle(List.of(Events.start("call-2"), Events.failure("call-2")));

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(2);
    SpanData call = spans.stream().filter(s -> s.getName().startsWith("image_generation")).findFirst().orElseThrow();
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getStatus().getDescription()).isEqualTo("upstream down");
    assertThat(call.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
    assertThat(call.getAttributes().get(AttributeKey.stringArrayKey("imagegate.fallbacks"))).containsExactly("backup");
  }

  @Test
  void theEndpointComesFromTheStandardVariables() {
    assertThat(OtelTraces.endpoint(Env.of(Map.of()))).isEqualTo("http://localhost:4318/v1/traces");
    assertThat(OtelTraces.endpoint(Env.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"))))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(OtelTraces.endpoint(Env.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:9999/in")))).isEqualTo("http://traces:9999/in");
    assertThatThrownBy(() -> OtelTraces.fromEnv(Env.of(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))))
        .hasMessageContaining("'grpc' is not supported");
  }
}
