package dev.imagegate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Usage;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.router.CallResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A streamed call's events carry a {@code stream} object for the callbacks (partial images asked and sent, whether the
 * provider streamed, time to the first event); a call answered with one JSON body has none, so existing payloads keep
 * their shape. The stream timers are counted by model group and by how the provider served the stream.
 */
class StreamedCallEventTest {
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  private static CallResult served() {
    ImageResponse response = ImageResponse.of(1, List.of(ImageData.ofBase64("iVBORw0KGgo=", null)), Usage.NONE,
        Map.of(), "openai", "gpt-image-1");
    return new CallResult(response, null, List.of(new CallResult.Attempt(1, "pics", "d1", "openai/gpt-image-1",
        "openai", START, Duration.ofSeconds(4), null)), List.of());
  }

  @Test
  void aStreamedCallsEventSaysHowItWasStreamed() {
    CallRecord record = new CallRecord("call-1", START, ImageRequest.builder().prompt("x").model("pics").build());
    record.streamed(2);
    record.streamEnded(START.plusMillis(1500), 2, true);

    CallEvent event = record.finishedEvent(served(), START.plusSeconds(4));

    assertThat(event.toMap().get("stream")).isEqualTo(Map.of("partial_images", 2, "partial_images_sent", 2,
        "upstream_streamed", true, "time_to_first_event_ms", 1500L));
    Metrics metrics = new Metrics();
    metrics.callStarted();
    metrics.callFinished(event);
    assertThat(metrics.scrape())
        .contains("imagegate_stream_first_event_duration_seconds_count{model_group=\"pics\",upstream=\"streamed\"} 1")
        .contains("imagegate_stream_duration_seconds_sum{model_group=\"pics\",upstream=\"streamed\"} 4.0");
    metrics.close();
  }

  @Test
  void aStreamThatFailedAfterItBeganReportsWhatItWasBilled() {
    CallRecord record = new CallRecord("call-3", START, ImageRequest.builder().prompt("x").model("pics").build());
    record.streamed(2);
    Cancelled gone = new Cancelled("the client went away", ImageGateException.Details.NONE, null);
    CallResult cancelled = new CallResult(null, gone, List.of(new CallResult.Attempt(1, "pics", "d1",
        "openai/gpt-image-1", "openai", START, Duration.ofSeconds(2), gone)), List.of(),
        Cost.table(new BigDecimal("0.008")));

    CallEvent event = record.finishedEvent(cancelled, START.plusSeconds(2));

    assertThat(event.event()).isEqualTo(CallEvent.Kind.FAILURE);
    assertThat(event.costUsd()).isEqualByComparingTo("0.008");
    assertThat(event.costSource()).isEqualTo("table");
    CallResult plainFailure = new CallResult(null, gone, List.of(), List.of());
    assertThat(record.finishedEvent(plainFailure, START.plusSeconds(2)).costUsd()).isNull();
  }

  @Test
  void aCallAnsweredWithOneBodyHasNoStreamObject() {
    CallRecord record = new CallRecord("call-2", START, ImageRequest.builder().prompt("x").model("pics").build());

    assertThat(record.finishedEvent(served(), START.plusSeconds(4)).toMap()).doesNotContainKey("stream");
  }
}
