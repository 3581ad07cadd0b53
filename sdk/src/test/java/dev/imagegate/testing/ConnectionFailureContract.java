package dev.imagegate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A transport's connection failures, as a client reads them: a plain cause, never the transport's internals (object
 * names, local and remote socket addresses).
 */
public interface ConnectionFailureContract {
  HttpTransport transport();

  @ParameterizedTest
  @EnumSource(RawUpstream.Fault.class)
  default void aBrokenConnectionIsUpstreamUnavailableWithAPlainCause(RawUpstream.Fault fault) throws Exception {
    try (RawUpstream upstream = new RawUpstream(fault)) {
      ImageGate gate = ImageGate.builder().catalog(Catalogs.WITHOUT_LIFECYCLES)
          .transport(transport()).env(Env.of(Map.of())).build();
      ImageGateException e = catchThrowableOfType(ImageGateException.class, () -> gate.generate(
          ImageRequest.builder("a fox").model("openai/dall-e-2").apiKey("sk-test-0000")
              .apiBase(upstream.url("/v1")).timeout(Duration.ofSeconds(20)).build()));

      assertThat(e).as(fault.name()).isNotNull();
      assertThat(e.status()).isIn(502, 503);
      String closed = "the provider closed the connection before answering completely";
      String expected = switch (fault) {
        case CLOSE -> closed;
        // whether the reset or the end of the stream is seen first is the OS's to say
        case RESET -> "(connection reset by the provider|" + closed + ")";
        case TRUNCATE -> "(the answer ended after 1 of 100 bytes|" + closed + ")";
      };
      assertThat(e.getMessage()).as(fault.name())
          .matches("Connection to openai at " + upstream.url("").replace(".", "\\.") + " failed: " + expected);
      assertThat(e.getMessage()).doesNotContain("@").doesNotContain("HttpConnection").doesNotContain("oejc");
      assertThat(e.getMessage().replace(upstream.url(""), "")).as("no address but the api_base's")
          .doesNotContainPattern("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+");
    }
  }
}
