package dev.imagegate.gateway.observe;

import dev.imagegate.provider.Env;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code otel}: OpenTelemetry traces, one span per call ({@code image_generation <group>}) with one child span per
 * provider attempt ({@code provider_attempt <deployment>}), exported over OTLP/HTTP (protobuf). Spans are built from
 * the call's final event, off the request thread, with the call's real start and end times. Configured by the
 * standard variables: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (else {@code OTEL_EXPORTER_OTLP_ENDPOINT} +
 * {@code /v1/traces}, else {@code http://localhost:4318/v1/traces}), {@code OTEL_EXPORTER_OTLP_[TRACES_]HEADERS},
 * {@code OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT} (ms), {@code OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL} (only
 * {@code http/protobuf}) and {@code OTEL_SERVICE_NAME} (default {@code imagegate}).
 */
final class OtelTraces implements Callback {
  static final String TYPE = "otel";
  static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  OtelTraces(SpanProcessor processor, String serviceName) {
    this.provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), serviceName))))
        .addSpanProcessor(processor).build();
    this.tracer = provider.get("dev.imagegate.gateway");
  }

  /** @throws IllegalArgumentException for a protocol other than http/protobuf or a malformed setting */
  static OtelTraces fromEnv(Env env) {
    String protocol = env.first("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
        .orElse("http/protobuf");
    if (!protocol.equals("http/protobuf")) {
      throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_PROTOCOL '" + protocol + "' is not supported by the "
          + "otel callback: use http/protobuf (a collector's port 4318)");
    }
    OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint(env));
    env.find("OTEL_EXPORTER_OTLP_HEADERS").ifPresent(h -> addHeaders(exporter, h));
    env.find("OTEL_EXPORTER_OTLP_TRACES_HEADERS").ifPresent(h -> addHeaders(exporter, h));
    env.first("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT").ifPresent(ms ->
        exporter.setTimeout(Duration.ofMillis(milliseconds(ms))));
    return new OtelTraces(BatchSpanProcessor.builder(exporter.build()).build(),
        env.find("OTEL_SERVICE_NAME").orElse("imagegate"));
  }

  static String endpoint(Env env) {
    return env.find("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").orElseGet(() -> env.find("OTEL_EXPORTER_OTLP_ENDPOINT")
        .map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces")
        .orElse(DEFAULT_ENDPOINT));
  }

  private static void addHeaders(OtlpHttpSpanExporterBuilder exporter, String headers) {
    for (String pair : headers.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_HEADERS must be key=value pairs separated by commas");
      }
      exporter.addHeader(pair.substring(0, eq).trim(),
          URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
    }
  }

  private static long milliseconds(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_TIMEOUT must be milliseconds, got '" + value + "'");
    }
  }

  @Override
  public void handle(List<CallEvent> events) {
    for (CallEvent event : events) {
      if (event.event() != CallEvent.Kind.START) {
        record(event);
      }
    }
  }

  private void record(CallEvent event) {
    Span call = tracer.spanBuilder("image_generation " + event.modelGroup()).setSpanKind(SpanKind.SERVER)
        .setNoParent().setStartTimestamp(event.startTime()).startSpan();
    call.setAllAttributes(callAttributes(event));
    if (event.event() == CallEvent.Kind.FAILURE) {
      call.setStatus(StatusCode.ERROR, event.errorMessage() == null ? "" : event.errorMessage());
    }
    Context parent = Context.root().with(call);
    for (CallEvent.Attempt attempt : event.attempts()) {
      SpanBuilder builder = tracer.spanBuilder("provider_attempt " + attempt.deployment()).setParent(parent)
          .setSpanKind(SpanKind.CLIENT).setStartTimestamp(attempt.start());
      Span span = builder.startSpan();
      span.setAttribute("imagegate.attempt", attempt.number());
      span.setAttribute("imagegate.model_group", attempt.modelGroup());
      span.setAttribute("imagegate.deployment", attempt.deployment());
      span.setAttribute("gen_ai.request.model", attempt.model());
      if (attempt.errorType() != null) {
        span.setAttribute("error.type", attempt.errorType());
        span.setStatus(StatusCode.ERROR);
      }
      span.end(attempt.start().plus(attempt.latency()));
    }
    call.end(event.time());
  }

  private static Attributes callAttributes(CallEvent event) {
    AttributesBuilder out = Attributes.builder()
        .put("imagegate.call_id", event.callId())
        .put("imagegate.model_group", event.modelGroup())
        .put("gen_ai.operation.name", "image_generation")
        .put("imagegate.n", event.n())
        .put("imagegate.retries", event.retries())
        .put(AttributeKey.stringArrayKey("imagegate.fallbacks"), event.fallbacks())
        .put("imagegate.images", event.imageBytes().size())
        .put(AttributeKey.stringArrayKey("imagegate.guardrails"), event.guardrails().stream()
            .map(d -> d.guardrail() + ":" + d.action().wireName()).toList());
    putIfSet(out, "imagegate.deployment", event.deployment());
    putIfSet(out, "gen_ai.provider.name", event.provider());
    putIfSet(out, "gen_ai.response.model", event.model());
    putIfSet(out, "imagegate.size", event.size());
    putIfSet(out, "imagegate.quality", event.quality());
    putIfSet(out, "imagegate.end_user", event.endUser());
    putIfSet(out, "imagegate.key_alias", event.keyAlias());
    putIfSet(out, "imagegate.cost_source", event.costSource());
    putIfSet(out, "error.type", event.errorType());
    if (event.costUsd() != null) {
      out.put("imagegate.cost_usd", event.costUsd().doubleValue());
    }
    if (event.status() != null) {
      out.put("http.response.status_code", event.status());
    }
    out.put("gen_ai.usage.input_tokens", event.usage().inputTokens());
    out.put("gen_ai.usage.output_tokens", event.usage().outputTokens());
    return out.build();
  }

  private static void putIfSet(AttributesBuilder out, String key, String value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  /** Exports what is pending, then stops. */
  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
