package dev.imagegate.gateway.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which HTTP versions the gateway speaks to providers. Over HTTP/2 many calls share one connection (up to the
 * provider's limit of concurrent streams), so 10,000 calls in flight to one provider need a few dozen sockets instead
 * of 10,000. Over https, h2 is offered by ALPN before http/1.1 and the provider chooses (OpenAI, Google and AWS choose
 * h2). A plain-http {@code api_base} cannot negotiate, so it is spoken to with HTTP/2 only when its host is listed
 * ({@code h2c}, prior knowledge); every other plain-http host gets HTTP/1.1.
 *
 * @param http2OverTls offer h2 by ALPN on https ({@code general_settings.upstream_http2}, default true)
 * @param h2cHosts plain-http hosts spoken to with HTTP/2 by prior knowledge, as {@code host} (any port) or
 *     {@code host:port}, lower case ({@code general_settings.upstream_h2c_hosts}, default none)
 */
public record UpstreamProtocols(boolean http2OverTls, Set<String> h2cHosts) {
  public static final UpstreamProtocols DEFAULTS = new UpstreamProtocols(true, Set.of());

  public UpstreamProtocols {
    h2cHosts = h2cHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  /** Whether a plain-http {@code uri} is spoken to with HTTP/2 by prior knowledge. */
  public boolean h2c(URI uri) {
    return h2c(uri.getHost(), uri.getPort());
  }

  /** Whether plain-http {@code host} at {@code port} (-1: 80) is spoken to with HTTP/2 by prior knowledge. */
  public boolean h2c(String host, int port) {
    if (host == null || h2cHosts.isEmpty()) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    return h2cHosts.contains(host) || h2cHosts.contains(host + ":" + (port >= 0 ? port : 80));
  }
}
