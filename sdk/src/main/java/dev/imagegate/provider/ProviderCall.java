package dev.imagegate.provider;

import dev.imagegate.ImageRequest;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.ImageGateException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a provider needs for one call: the parsed model, the checked request, where settings come from, the
 * HTTP transport, the clock, and how image URLs the provider returns may be fetched. Immutable.
 */
public record ProviderCall(ModelRef ref, ImageRequest request, Env env, HttpTransport transport, Clock clock,
                           UrlFetch fetch, Catalog catalog) {

  /** A call that fetches image URLs under {@link UrlFetch#DEFAULTS}, described by the bundled catalogue. */
  public ProviderCall(ModelRef ref, ImageRequest request, Env env, HttpTransport transport, Clock clock) {
    this(ref, request, env, transport, clock, UrlFetch.DEFAULTS, Catalog.bundled());
  }

  /** A call described by the bundled catalogue. */
  public ProviderCall(ModelRef ref, ImageRequest request, Env env, HttpTransport transport, Clock clock,
                      UrlFetch fetch) {
    this(ref, request, env, transport, clock, fetch, Catalog.bundled());
  }

  /** The catalogue entry of this call's model (exact, else its family), if any. */
  public Optional<Catalog.Found> entry() {
    return catalog.find(ref.provider(), ref.model());
  }

  public String model() {
    return ref.model();
  }

  public String provider() {
    return ref.provider();
  }

  public Duration timeout() {
    return request.timeout();
  }

  public ProviderCall withRequest(ImageRequest newRequest) {
    return new ProviderCall(ref, newRequest, env, transport, clock, fetch, catalog);
  }

  /** Details for errors raised about this call. */
  public ImageGateException.Details details() {
    return new ImageGateException.Details(ref.provider(), ref.model(), null, null, null);
  }

  /** A provider setting from the request's extras (e.g. {@code vertex_project}), as text. */
  public Optional<String> setting(String key) {
    Object value = request.extras().get(key);
    return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
  }

  /** The setting from extras, else the first env var that is set. */
  public Optional<String> setting(String key, String... envNames) {
    return setting(key).or(() -> env.first(envNames));
  }

  /** The extras to forward into the provider body: all of them except the provider's settings. */
  public Map<String, Object> bodyExtras(Set<String> settings) {
    Map<String, Object> out = new LinkedHashMap<>(request.extras());
    out.keySet().removeAll(settings);
    return out;
  }

  /**
   * The API key: the request's {@code apiKey}, else the first env var set. Missing is an {@link Authentication}
   * error naming the env vars and the {@code apiKey} parameter.
   */
  public String requireApiKey(String... envNames) {
    return optionalApiKey(envNames).orElseThrow(() -> new Authentication("No API key for " + ref.provider()
        + ": set " + String.join(" or ", envNames) + " or pass apiKey (api_key)", details()));
  }

  public Optional<String> optionalApiKey(String... envNames) {
    return Optional.ofNullable(request.apiKey()).or(() -> env.first(envNames));
  }

  /** The base URL: the request's {@code apiBase}, else the first env var set, else {@code fallback}. */
  public String apiBase(String fallback, String... envNames) {
    String base = Optional.ofNullable(request.apiBase()).or(() -> env.first(envNames)).orElse(fallback);
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
