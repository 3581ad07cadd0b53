package dev.imagegate;

import dev.imagegate.catalog.Catalog;
import dev.imagegate.config.CatalogFile;
import dev.imagegate.cost.Pricing;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.provider.UrlFetch;
import dev.imagegate.router.Cooldowns;
import dev.imagegate.router.Router;
import dev.imagegate.router.RouterSettings;
import dev.imagegate.router.Traffic;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

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
  private final Router router;
  private final ProviderRegistry providers;
  private final Catalog catalog;
  private final Executor executor;

  private ImageGate(Builder builder) {
    this.catalog = builder.catalog;
    this.providers = builder.providers.withCatalog(builder.catalog);
    Router.Builder router = Router.builder(List.of())
        .settings(RouterSettings.DEFAULTS.withNumRetries(0).withTimeout(builder.defaultTimeout))
        .providers(builder.providers).env(builder.env).clock(builder.clock).pricing(builder.pricing)
        .catalog(builder.catalog).lifecycleWarnings(builder.lifecycleWarnings).imageStore(builder.store)
        .urlFetch(builder.fetch).cooldowns(Cooldowns.NONE).traffic(Traffic.NONE).costWarnings(message -> {
        });
    if (builder.transport != null) {
      router.transport(builder.transport);
    }
    this.router = router.build();
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
   * Generates images (or, for a request whose operation is edit or variation, runs that). Blocks until the provider
   * answers; call it from a virtual thread or use {@link #generateAsync}. The same pipeline as the {@link Router}'s, with one target: the request's model string
   * and credentials, checked against the model's capabilities before anything is sent, never retried.
   *
   * @throws ImageGateException for every failure, typed by cause
   */
  public ImageResponse generate(ImageRequest request) {
    Objects.requireNonNull(request, "request");
    return router.call(router.group(request), request).orThrow();
  }

  /**
   * Edits the request's input images (under its mask, if any) with the model it names. The same pipeline as
   * {@link #generate}: the model must serve edits (its catalogue entry says so) and the images must fit its input
   * limits (count, format, size, mask), or a {@code BadRequest} naming the field is thrown before anything is sent.
   *
   * @throws ImageGateException for every failure, typed by cause
   */
  public ImageResponse edit(EditRequest request) {
    Objects.requireNonNull(request, "request");
    return generate(request.request());
  }

  /** {@link #edit} on a virtual thread. */
  public CompletableFuture<ImageResponse> editAsync(EditRequest request) {
    return CompletableFuture.supplyAsync(() -> edit(request), executor);
  }

  /**
   * Makes variations of the request's one input image with the model it names (no prompt). Checked like
   * {@link #edit}.
   *
   * @throws ImageGateException for every failure, typed by cause
   */
  public ImageResponse vary(VariationRequest request) {
    Objects.requireNonNull(request, "request");
    return generate(request.request());
  }

  /** {@link #vary} on a virtual thread. */
  public CompletableFuture<ImageResponse> varyAsync(VariationRequest request) {
    return CompletableFuture.supplyAsync(() -> vary(request), executor);
  }

  /**
   * Generates streaming: {@code listener} receives, on this thread, the partial images of a model that streams
   * (OpenAI's GPT image models; up to {@code partialImages}, 0 to 3) as they arrive, then one
   * {@link ImageEvent.CompletedImage} per image, then {@link ImageEvent.Finished} with the same response
   * {@link #generate} returns (which is also returned). A model that cannot stream is called as usual and its images
   * come as completed events (no partials). A listener that throws cancels the call.
   *
   * @throws ImageGateException as {@link #generate}; a {@code BadRequest} for {@code partialImages} outside 0 to 3
   *     or a variation; {@link dev.imagegate.error.Cancelled} when the listener threw
   */
  public ImageResponse generateStreaming(ImageRequest request, int partialImages, ImageStreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    return router.generateStreaming(request, partialImages, listener);
  }

  /**
   * {@link #generateStreaming(ImageRequest, int, ImageStreamListener)} as events to iterate, the call running on a
   * virtual thread; closing the stream early cancels the call.
   */
  public ImageStream generateStreaming(ImageRequest request, int partialImages) {
    Objects.requireNonNull(request, "request");
    router.checkStreamable(request, partialImages);
    return ImageStream.start(listener -> router.generateStreaming(request, partialImages, listener), executor);
  }

  /** {@link #generateStreaming(ImageRequest, int, ImageStreamListener)} for an edit: {@code image_edit.*} events. */
  public ImageResponse editStreaming(EditRequest request, int partialImages, ImageStreamListener listener) {
    Objects.requireNonNull(request, "request");
    return generateStreaming(request.request(), partialImages, listener);
  }

  /** {@link #generateStreaming(ImageRequest, int)} for an edit. */
  public ImageStream editStreaming(EditRequest request, int partialImages) {
    Objects.requireNonNull(request, "request");
    return generateStreaming(request.request(), partialImages);
  }

  /** The catalogue this client reads models, prices and lifecycles from. */
  public Catalog catalog() {
    return catalog;
  }

  /** {@link #generate} on a virtual thread; the future fails with the same {@link ImageGateException}. */
  public CompletableFuture<ImageResponse> generateAsync(ImageRequest request) {
    return CompletableFuture.supplyAsync(() -> generate(request), executor);
  }

  /** The providers this client knows. */
  public ProviderRegistry providers() {
    return providers;
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
