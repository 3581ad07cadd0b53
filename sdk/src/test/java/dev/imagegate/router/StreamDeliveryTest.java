package dev.imagegate.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageEvent;
import dev.imagegate.ImageStreamListener;
import dev.imagegate.Operation;
import dev.imagegate.PartialImageWriter;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.testing.MockServers;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Partial images passed on piecewise: checked before anything reaches the listener, counted, and cancellable. */
class StreamDeliveryTest {
  private final List<String> log = new ArrayList<>();
  private boolean clientGone;

  private final ImageStreamListener.Piecewise relaying = new ImageStreamListener.Piecewise() {
    @Override
    public void onEvent(ImageEvent event) {
      log.add("whole " + event.type());
    }

    @Override
    public PartialImageWriter partialImage(Operation operation) {
      log.add("begin " + operation);
      return new PartialImageWriter() {
        @Override
        public void base64(byte[] bytes, int offset, int length) {
          if (clientGone) {
            throw new UncheckedIOException(new java.io.IOException("broken pipe"));
          }
          log.add("piece " + new String(bytes, offset, length, StandardCharsets.US_ASCII));
        }

        @Override
        public void end(int partialImageIndex, long createdAt, Map<String, Object> fields) {
          log.add("end " + partialImageIndex);
        }

        @Override
        public void abandon() {
          log.add("abandon");
          throw new IllegalStateException("never reaches the reader");
        }
      };
    }
  };

  private static byte[] head(String base64) {
    return base64.substring(0, 16).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aPiecewiseListenerGetsTheCheckedHeadThenThePiecesAndTheImageIsCountedWhenItEnds() {
    StreamDelivery delivery = new StreamDelivery(Operation.EDIT, 2, relaying);
    assertThat(delivery.piecewise()).isTrue();

    PartialImageWriter writer = delivery.begin(head(MockServers.PNG_1X1), 16);
    writer.base64("MORE".getBytes(StandardCharsets.US_ASCII), 0, 4);
    assertThat(delivery.begun()).isTrue();
    assertThat(delivery.partialsDelivered()).isZero();
    writer.end(0, 1L, Map.of());

    assertThat(log).containsExactly("begin EDIT", "piece " + MockServers.PNG_1X1.substring(0, 16), "piece MORE",
        "end 0");
    assertThat(delivery.partialsDelivered()).isEqualTo(1);
    writer.abandon(); // a listener's failing abandon never escapes
  }

  @Test
  void aHeadThatIsNotAnImageIsRefusedBeforeTheListenerHearsOfIt() {
    StreamDelivery delivery = new StreamDelivery(Operation.GENERATE, 2, relaying);

    UpstreamProtocol e = catchThrowableOfType(UpstreamProtocol.class,
        () -> delivery.begin(head("PGh0bWw+PGJvZHk+aGVsbG88L2JvZHk+"), 16));

    assertThat(e.getMessage()).contains("not a PNG, JPEG, WebP or GIF");
    assertThat(log).isEmpty();
    assertThat(delivery.begun()).isFalse();
  }

  @Test
  void aWriterThatThrowsCancelsTheCall() {
    StreamDelivery delivery = new StreamDelivery(Operation.GENERATE, 2, relaying);
    PartialImageWriter writer = delivery.begin(head(MockServers.PNG_1X1), 16);
    clientGone = true;

    Cancelled e = catchThrowableOfType(Cancelled.class,
        () -> writer.base64("MORE".getBytes(StandardCharsets.US_ASCII), 0, 4));

    assertThat(e.getMessage()).contains("stopped receiving the stream");
    assertThat(delivery.partialsDelivered()).isZero();
  }

  @Test
  void anOrdinaryListenerTakesPartialsWhole() {
    assertThat(new StreamDelivery(Operation.GENERATE, 2, event -> { }).piecewise()).isFalse();
  }
}
