package dev.imagegate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamProtocolsTest {
  @Test
  void aListedHostMatchesAnyPortAndAHostWithAPortOnlyThatPort() {
    UpstreamProtocols protocols = new UpstreamProtocols(true, Set.of(" Inference.Internal ", "127.0.0.1:8000"));

    assertThat(protocols.h2c(URI.create("http://inference.internal/v1"))).isTrue();
    assertThat(protocols.h2c(URI.create("http://INFERENCE.internal:9000/v1"))).isTrue();
    assertThat(protocols.h2c(URI.create("http://127.0.0.1:8000/v1"))).isTrue();
    assertThat(protocols.h2c(URI.create("http://127.0.0.1:8001/v1"))).isFalse();
    assertThat(protocols.h2c(URI.create("http://127.0.0.1/v1"))).as("port 80").isFalse();
    assertThat(protocols.h2c(URI.create("http://other.internal/v1"))).isFalse();
    assertThat(UpstreamProtocols.DEFAULTS.h2c(URI.create("http://inference.internal/v1"))).isFalse();
  }
}
