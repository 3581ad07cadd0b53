package dev.imagegate.provider;

import dev.imagegate.ImageFormat;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fetches an image a provider returned as a URL, treating the URL as hostile: the checks of {@link UrlFetch} on the
 * URL and on every redirect (the transports follow none themselves), after DNS resolution; the bytes must be a PNG,
 * JPEG, WebP or GIF by their magic number. Any refusal is an {@link UpstreamProtocol} failure, so the call is not
 * paid. Messages name the scheme and host only: a provider's URL often carries a signed token in its query.
 */
final class ImageDownload {
  private static final Set<ImageFormat> IMAGES = Set.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP,
      ImageFormat.GIF);

  private ImageDownload() {
  }

  static byte[] fetch(ProviderCall call, URI first) {
    UrlFetch policy = call.fetch();
    Set<String> apiBaseHost = apiBaseHost(call);
    boolean internalAllowed = apiBaseHost.stream().anyMatch(host -> resolvesInternal(policy, host));
    URI uri = first;
    for (int hop = 0; hop <= policy.maxRedirects(); hop++) {
      check(call, policy, uri, apiBaseHost, internalAllowed);
      HttpTransport.Response response = ProviderHttp.send(call, new HttpTransport.Request("GET", uri,
          Map.of("User-Agent", ProviderHttp.USER_AGENT), null, timeout(call, policy)));
      String location = response.header("location");
      if (response.status() / 100 == 3 && location != null) {
        uri = redirect(call, uri, location);
        continue;
      }
      if (!response.ok()) {
        throw new UpstreamUnavailable("Downloading the image from " + call.provider() + " failed with HTTP "
            + response.status(), response.status(), ProviderHttp.detailsOf(call, response), null);
      }
      return image(call, policy, response.body());
    }
    throw refused(call, "its image URL redirected more than " + policy.maxRedirects() + " times");
  }

  private static URI redirect(ProviderCall call, URI from, String location) {
    try {
      return from.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw refused(call, "its image URL redirected to something that is not a URL");
    }
  }

  private static void check(ProviderCall call, UrlFetch policy, URI uri, Set<String> apiBaseHost,
                            boolean internalAllowed) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
      throw refused(call, "its image URL is not an https URL (" + (scheme.isEmpty() ? "no scheme" : scheme + ":")
          + ")");
    }
    if (scheme.equals("http") && !policy.httpHosts().contains(host) && !apiBaseHost.contains(host)) {
      throw refused(call, "its image URL http://" + host + "/... is not https (plain http is fetched only from "
          + "the hosts listed in image_fetch_http_hosts)");
    }
    InetAddress[] addresses;
    try {
      addresses = policy.resolver().resolve(host);
    } catch (UnknownHostException e) {
      throw refused(call, "the host of its image URL (" + host + ") does not resolve");
    }
    if (!internalAllowed && Arrays.stream(addresses).anyMatch(UrlFetch::isInternal)) {
      throw refused(call, "its image URL points at a private, loopback or link-local address (" + host + ")");
    }
  }

  private static byte[] image(ProviderCall call, UrlFetch policy, byte[] body) {
    if (body.length > policy.maxBytes()) {
      throw refused(call, "the image at its URL is larger than " + policy.maxBytes() + " bytes");
    }
    if (!IMAGES.contains(ImageFormat.sniff(body))) {
      throw refused(call, "what its image URL returned is not a PNG, JPEG, WebP or GIF image");
    }
    return body;
  }

  private static Duration timeout(ProviderCall call, UrlFetch policy) {
    Duration callTimeout = call.timeout();
    return callTimeout == null || callTimeout.compareTo(policy.timeout()) > 0 ? policy.timeout() : callTimeout;
  }

  /** The request's {@code api_base} host, else the host its provider request went to. */
  private static Set<String> apiBaseHost(ProviderCall call) {
    String base = call.request().apiBase();
    String host = null;
    try {
      host = base == null ? null : URI.create(base.trim()).getHost();
    } catch (IllegalArgumentException e) {
      // not a URL: fall back to where the request went
    }
    if (host == null) {
      host = call.fetch().providerHost().get();
    }
    return host == null ? Set.of() : Set.of(host.toLowerCase(Locale.ROOT));
  }

  private static boolean resolvesInternal(UrlFetch policy, String host) {
    try {
      return Arrays.stream(policy.resolver().resolve(host)).anyMatch(UrlFetch::isInternal);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static UpstreamProtocol refused(ProviderCall call, String why) {
    return new UpstreamProtocol(call.provider() + " answered with an image that was not fetched: " + why,
        call.details(), null);
  }
}
