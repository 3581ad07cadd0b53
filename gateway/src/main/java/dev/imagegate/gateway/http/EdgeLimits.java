package dev.imagegate.gateway.http;

import java.time.Duration;

/**
 * What a client may hold at the gateway's edge. A connection that has not sent a complete request head within
 * {@code headerTimeout} of its last byte (new or idle between requests) is closed; a request body that pauses for
 * {@code bodyTimeout} is a 408, and an answer the client stops reading for as long is abandoned. While the gateway
 * waits on an upstream no edge timeout runs (Jetty times out only pending reads and writes): the call's own timeout
 * bounds that wait. Connections beyond {@code maxConnections} in total
 * or {@code maxConnectionsPerClient} from one address are refused at once with a 503 that says so.
 */
public record EdgeLimits(Duration headerTimeout, Duration bodyTimeout, int maxConnections,
                         int maxConnectionsPerClient) {
  public static final EdgeLimits DEFAULTS = new EdgeLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 25_000,
      2_000);

  public EdgeLimits {
    if (maxConnections < 1 || maxConnectionsPerClient < 1) {
      throw new IllegalArgumentException("connection caps must be at least 1");
    }
  }
}
