package dev.imagegate.gateway.observe;

import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.Routes;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: Prometheus' text format. Open by default, as LiteLLM's (scrapers rarely carry keys, and the
 * metrics hold no keys, users or prompts); {@code litellm_settings.require_auth_for_metrics_endpoint: true} asks for
 * the master key.
 */
public final class MetricsEndpoint implements Routes.Endpoint {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Metrics metrics;
  private final Authenticator auth;
  private final boolean requireAuth;

  public MetricsEndpoint(Metrics metrics, Authenticator auth, boolean requireAuth) {
    this.metrics = metrics;
    this.auth = auth;
    this.requireAuth = requireAuth;
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    if (requireAuth) {
      auth.authenticate(exchange);
    }
    exchange.bytes(200, CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
