package dev.imagegate;

import dev.imagegate.catalog.Catalog;
import dev.imagegate.config.CatalogFile;
import dev.imagegate.catalog.Lifecycle;
import dev.imagegate.cost.CostCalculator;
import dev.imagegate.cost.Pricing;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.JdkHttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.Redaction;
import dev.imagegate.provider.UrlFetch;
import dev.imagegate.provider.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executor;

/**
 * The SDK client: one OpenAI-shaped call, any provider. Thread-safe and meant to be reused; build one per
 * application with {@link #create()} or {@link #builder()}.
 *
 * <pre>{@code
 * ImageGate gate = ImageGate.create();
 * ImageResponse response = gate.generate(ImageRequest.builder("a lighthouse at dawn").model("dall-e-3").build());
 * response.save(Path.of("lighthouse.png"));
 * }</pre>
 */
public final class ImageGate {
  /** More tokens than one image call can use: a usage over it is a provider's error, not a charge. */
  static final long MAX_TOKENS_PER_CALL = 1_000_000_000L;
  private final ProviderRegistry providers;
  private final HttpTransport transport;
  private final Clock clock;
  private final Duration defaultTimeout;
  private final Env env;
  private final CostCalculator costs;
  private final ImageStore store;
  private final Executor executor;
  private final UrlFetch fetch;
  private final Catalog catalog;
  private final Consumer<String> lifecycleWarnings;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private ImageGate(Builder builder) {
    this.catalog = builder.catalog;
    this.lifecycleWarnings = builder.lifecycleWarnings;
    this.providers = builder.providers.withCatalog(builder.catalog);
    this.transport = builder.transport != null ? builder.transport : new JdkHttpTransport();
    this.clock = builder.clock;
    this.defaultTimeout = builder.defaultTimeout;
    this.env = builder.env;
    this.costs = new CostCalculator(builder.pricing);
    this.store = builder.store;
    this.fetch = builder.fetch;
    this.executor = runnable -> Thread.ofVirtual().name("imagegate-call").start(runnable);
  }

  /** A client with defaults: keys and bases from the process environment, the JDK HTTP client, 600 s timeout. */
  public static ImageGate create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Generates images. Blocks until the provider answers; call it from a virtual thread or use
   * {@link #generateAsync}.
   *
   * @throws ImageGateException for every failure, typed by cause
   */
  public ImageResponse generate(ImageRequest request) {
    Objects.requireNonNull(request, "request");
    ModelRef ref = providers.resolve(request.model(), request.customProvider());
    Provider provider = providers.get(ref.provider());
    ImageRequest timed = request.timeout() != null ? request : request.toBuilder().timeout(defaultTimeout).build();
    Redaction redaction = Redaction.of(timed, env);
    String deprecation = deprecation(provider, call(ref, timed, redaction));
    ProviderCall call = call(ref, withoutLifecycleSettings(timed), redaction);
    Capabilities caps = provider.capabilities(call);
    ImageRequest checked = caps.check(call.request(), ref.qualified());
    Instant start = clock.instant();
    Duration latency;
    ImageResponse converted;
    try {
      ImageResponse raw = provider.generate(call.withRequest(checked));
      latency = Duration.between(start, clock.instant());
      if (raw.data().isEmpty()) {
        throw new UpstreamProtocol(ref.provider() + " answered without images: expected at least one image",
            call.details(), null);
      }
      for (ImageData image : raw.data()) {
        if (!image.isUrl() && image.inlineFormat() == ImageFormat.UNKNOWN) {
          throw new UpstreamProtocol(ref.provider() + " answered with image data that is not a PNG, JPEG, WebP, GIF or"
              + " SVG image (by its first bytes), which is never passed on as one", call.details(), null);
        }
        if (image.isUrl() && !relayableUrl(image.url())) {
          int colon = image.url().indexOf(':');
          String scheme = colon > 0 && colon <= 16 ? image.url().substring(0, colon + 1) : "no scheme";
          throw new UpstreamProtocol(ref.provider() + " answered with an image URL that is not an https URL ("
              + scheme + "), which is never given to a client", call.details(), null);
        }
      }
      String usage = impossibleUsage(raw.usage());
      if (usage != null) {
        throw new UpstreamProtocol(ref.provider() + " answered with a usage it cannot have (" + usage
            + "): the call is not priced from it", call.details(), null);
      }
      converted = convert(raw, request.responseFormat());
    } catch (ImageGateException e) {
      throw redaction.scrub(e);
    }
    ModelRef priced = provider.pricedAs(call);
    Cost cost = costs.cost(priced.provider(), priced.model(), checked, converted);
    ImageResponse done = converted.withCall(latency, cost);
    return deprecation == null ? done : done.withDeprecation(deprecation);
  }

  /**
   * The model's lifecycle from its catalogue entry, with the deployment's own {@code deprecation_date},
   * {@code shutdown_date} and {@code replacement} settings winning. A model past a confirmed shutdown date is a
   * {@link NotFound} ({@code model_not_found}) before anything is sent; a deprecated one is warned about once and
   * gives the notice for the response; otherwise null.
   */
  private String deprecation(Provider provider, ProviderCall call) {
    Lifecycle lifecycle = lifecycle(provider, call);
    LocalDate today = LocalDate.now(clock);
    return switch (lifecycle.state(today)) {
      case ACTIVE -> null;
      case SHUT_DOWN -> throw NotFound.modelNotFound("The model " + call.ref().qualified() + " is no longer served: "
          + lifecycle.describe(today) + " (a deployment may set shutdown_date to keep using it, e.g. on Azure)",
          call.details());
      case DEPRECATED -> {
        if (warned.add(call.ref().qualified())) {
          lifecycleWarnings.accept("The model " + call.ref().qualified() + " is deprecated: "
              + lifecycle.describe(today));
        }
        yield lifecycle.describe(today);
      }
    };
  }

  private static Lifecycle lifecycle(Provider provider, ProviderCall call) {
    Lifecycle fromCatalog = provider.describedBy(call).map(found -> found.entry().lifecycle()).orElse(Lifecycle.ACTIVE);
    try {
      return fromCatalog.overriddenBy(call.request().extras());
    } catch (DateTimeParseException e) {
      throw new BadRequest("Invalid lifecycle date in the deployment's settings: " + e.getParsedString()
          + " (expected YYYY-MM-DD)", "shutdown_date", call.details());
    }
  }

  private static ImageRequest withoutLifecycleSettings(ImageRequest request) {
    if (Lifecycle.SETTINGS.stream().noneMatch(request.extras()::containsKey)) {
      return request;
    }
    Map<String, Object> extras = new LinkedHashMap<>(request.extras());
    extras.keySet().removeAll(Lifecycle.SETTINGS);
    return request.toBuilder().extras(extras).build();
  }

  /** The catalogue this client reads models, prices and lifecycles from. */
  public Catalog catalog() {
    return catalog;
  }

  /** An image URL a client may be given: http(s), or an inline image ({@code data:image/...}). */
  static boolean relayableUrl(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:image/");
  }

  /**
   * Why a provider's reported usage cannot be real, else null: a negative count would lower the spend it is charged
   * to, and an absurd one (over a billion tokens for one call) would charge a fortune, so either is a protocol error.
   */
  static String impossibleUsage(Usage usage) {
    Usage.InputTokensDetails in = usage.inputTokensDetails();
    Usage.OutputTokensDetails out = usage.outputTokensDetails();
    long[] counts = {usage.inputTokens(), usage.outputTokens(), usage.totalTokens(), in.textTokens(),
        in.imageTokens(), in.cachedTextTokens(), in.cachedImageTokens(), out.imageTokens(), out.textTokens(),
        out.thinkingTokens()};
    for (long count : counts) {
      if (count < 0 || count > MAX_TOKENS_PER_CALL) {
        return "token counts must be from 0 to " + MAX_TOKENS_PER_CALL + ", got " + count;
      }
    }
    return null;
  }

  /**
   * One call's view of this client: its transport notes the credential headers it sends (for {@code redaction}) and
   * the host its first request goes to (the provider's, for the image download rules).
   */
  private ProviderCall call(ModelRef ref, ImageRequest request, Redaction redaction) {
    AtomicReference<String> providerHost = new AtomicReference<>();
    HttpTransport sending = sent -> {
      providerHost.compareAndSet(null, sent.uri().getHost());
      return transport.send(sent);
    };
    return new ProviderCall(ref, request, env, redaction.watching(sending), clock,
        fetch.withProviderHost(providerHost::get), catalog);
  }

  /** {@link #generate} on a virtual thread; the future fails with the same {@link ImageGateException}. */
  public CompletableFuture<ImageResponse> generateAsync(ImageRequest request) {
    return CompletableFuture.supplyAsync(() -> generate(request), executor);
  }

  /** The providers this client knows. */
  public ProviderRegistry providers() {
    return providers;
  }

  /** Honours the caller's response format whatever the provider returned: download URLs or store base64. */
  private ImageResponse convert(ImageResponse response, ResponseFormat wanted) {
    if (wanted == null) {
      return response;
    }
    List<ImageData> out = new ArrayList<>(response.data().size());
    boolean changed = false;
    for (ImageData image : response.data()) {
      if (wanted == ResponseFormat.B64_JSON && image.isUrl()) {
        out.add(ImageData.ofBytes(image.bytes(), image.revisedPrompt()));
        changed = true;
      } else if (wanted == ResponseFormat.URL && !image.isUrl()) {
        byte[] bytes = image.bytes();
        out.add(ImageData.ofUrl(store.store(bytes, ImageFormat.sniff(bytes)), image.revisedPrompt(), null));
        changed = true;
      } else {
        out.add(image);
      }
    }
    return changed ? response.withData(out) : response;
  }

  /** Configures a client. Every setting has a default. */
  public static final class Builder {
    private ProviderRegistry providers = ProviderRegistry.standard();
    private HttpTransport transport;
    private Clock clock = Clock.systemUTC();
    private Duration defaultTimeout = ImageRequest.DEFAULT_TIMEOUT;
    private Env env = Env.system();
    private Pricing pricing;
    private ImageStore store = ImageStore.dataUrls();
    private UrlFetch fetch = UrlFetch.DEFAULTS;
    private Catalog catalog = Catalog.bundled();
    private Consumer<String> lifecycleWarnings = message ->
        System.getLogger("dev.imagegate.lifecycle").log(System.Logger.Level.WARNING, message);

    private Builder() {
    }

    /**
     * The model catalogue (models, capabilities, prices, lifecycles); default the bundled one. Its prices are used
     * unless {@link #pricing} is set.
     */
    public Builder catalog(Catalog value) {
      this.catalog = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The bundled catalogue with the operator's catalogue file (JSON or YAML) merged over it.
     *
     * @throws dev.imagegate.config.ConfigException listing every problem of the file with its line
     */
    public Builder catalog(Path operatorFile) {
      return catalog(CatalogFile.load(operatorFile, Catalog.bundled()));
    }

    /** Told once per model that it is deprecated; default a warning on the system logger. */
    public Builder lifecycleWarnings(Consumer<String> value) {
      this.lifecycleWarnings = Objects.requireNonNull(value);
      return this;
    }

    /** The HTTP transport providers send through; default the JDK's HTTP client. */
    public Builder transport(HttpTransport value) {
      this.transport = Objects.requireNonNull(value);
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** The timeout for requests that set none; default 600 s. */
    public Builder defaultTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.defaultTimeout = value;
      return this;
    }

    /** Where API keys and bases are looked up; default the process environment. */
    public Builder env(Env value) {
      this.env = Objects.requireNonNull(value);
      return this;
    }

    public Builder providers(ProviderRegistry value) {
      this.providers = Objects.requireNonNull(value);
      return this;
    }

    /** Adds or replaces one provider. */
    public Builder provider(Provider value) {
      this.providers = providers.with(value);
      return this;
    }

    public Builder pricing(Pricing value) {
      this.pricing = Objects.requireNonNull(value);
      return this;
    }

    /** Where base64 images go when the caller wants URLs; default {@code data:} URLs. */
    public Builder imageStore(ImageStore value) {
      this.store = Objects.requireNonNull(value);
      return this;
    }

    /** How image URLs providers return are fetched (schemes, hosts, addresses, size, time); see {@link UrlFetch}. */
    public Builder urlFetch(UrlFetch value) {
      this.fetch = Objects.requireNonNull(value);
      return this;
    }

    public ImageGate build() {
      if (pricing == null) {
        pricing = catalog.pricing();
      }
      return new ImageGate(this);
    }
  }
}
