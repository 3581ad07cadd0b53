package dev.imagegate.provider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How image URLs a provider returns are fetched (see {@link ImageDownload}): {@code https} only, plain {@code http}
 * only to {@code httpHosts} and to the deployment's own {@code api_base} host; never to a private, loopback or
 * link-local address unless the {@code api_base} host is one; at most {@code maxBytes}, within {@code timeout}, and
 * following at most {@code maxRedirects} redirects, each checked the same way.
 *
 * @param resolver how host names become addresses (the system's DNS; a fixed table in tests)
 * @param providerHost the host the call's provider request went to, once sent (null before): the deployment's
 *     {@code api_base} host when the request names none itself (it came from the environment or a default)
 */
public record UrlFetch(Set<String> httpHosts, long maxBytes, Duration timeout, int maxRedirects, Resolver resolver,
                       Supplier<String> providerHost) {
  public static final UrlFetch DEFAULTS = new UrlFetch(Set.of(), 50L * 1024 * 1024, Duration.ofSeconds(60), 5,
      InetAddress::getAllByName, () -> null);

  /** Resolves a host name to every address it has. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public UrlFetch {
    httpHosts = httpHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    if (maxBytes < 1 || timeout.isNegative() || timeout.isZero() || maxRedirects < 0) {
      throw new IllegalArgumentException("image fetch limits must be positive");
    }
  }

  /** These limits, with {@code hosts} as the hosts plain http may be fetched from. */
  public UrlFetch(Set<String> hosts, long maxBytes, Duration timeout) {
    this(hosts, maxBytes, timeout, DEFAULTS.maxRedirects, DEFAULTS.resolver, DEFAULTS.providerHost);
  }

  public UrlFetch withHttpHosts(Set<String> hosts) {
    return new UrlFetch(hosts, maxBytes, timeout, maxRedirects, resolver, providerHost);
  }

  public UrlFetch withResolver(Resolver value) {
    return new UrlFetch(httpHosts, maxBytes, timeout, maxRedirects, value, providerHost);
  }

  /** This policy for one call whose provider request's host {@code value} tells, once sent. */
  public UrlFetch withProviderHost(Supplier<String> value) {
    return new UrlFetch(httpHosts, maxBytes, timeout, maxRedirects, resolver, value);
  }

  /** Whether {@code address} is one the public internet cannot reach: private, loopback, link-local, and the like. */
  public static boolean isInternal(InetAddress address) {
    byte[] raw = address.getAddress();
    boolean carrierNat = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    boolean thisNetwork = raw.length == 4 && raw[0] == 0;
    boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
    return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress() || carrierNat || thisNetwork || uniqueLocal;
  }
}
