package dev.imagegate.router;

import dev.imagegate.Cost;
import dev.imagegate.ImageData;
import dev.imagegate.ImageFormat;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.ImageStore;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Usage;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.catalog.Lifecycle;
import dev.imagegate.cost.CostCalculator;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.provider.Redaction;
import dev.imagegate.provider.UrlFetch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The provider side of the pipeline: resolves deployments into {@link Target}s once, and sends one checked request to
 * one target — the lifecycle check, the provider call for the request's operation (generate, edit or variation),
 * the checks on what came back, the response format the caller asked for and the cost, each done here and only here.
 * Thread-safe.
 */
final class Dispatcher {
  /** More tokens than one image call can use: a usage over it is a provider's error, not a charge. */
  static final long MAX_TOKENS_PER_CALL = 1_000_000_000L;
  private static final HttpTransport NO_IO = request -> {
    throw new IOException("capabilities and prices are looked up without I/O");
  };

  private final ProviderRegistry providers;
  private final HttpTransport transport;
  private final Env env;
  private final Clock clock;
  private final CostCalculator costs;
  private final ImageStore store;
  private final UrlFetch fetch;
  private final Catalog catalog;
  private final Consumer<String> lifecycleWarnings;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  Dispatcher(ProviderRegistry providers, HttpTransport transport, Env env, Clock clock, CostCalculator costs,
             ImageStore store, UrlFetch fetch, Catalog catalog, Consumer<String> lifecycleWarnings) {
    this.providers = providers.withCatalog(catalog);
    this.transport = transport;
    this.env = env;
    this.clock = clock;
    this.costs = costs;
    this.store = store;
    this.fetch = fetch;
    this.catalog = catalog;
    this.lifecycleWarnings = lifecycleWarnings;
  }

  ProviderRegistry providers() {
    return providers;
  }

  Catalog catalog() {
    return catalog;
  }

  CostCalculator costs() {
    return costs;
  }

  /**
   * Resolves {@code deployment}: parses its model, finds its provider and catalogue entry, looks up what it accepts
   * and what it is priced as. A provider that cannot describe the model (an unknown Recraft model, a missing library)
   * leaves the target refusing every request with that error.
   *
   * @throws NotFound when no provider has the deployment's model
   */
  Target resolve(Deployment deployment, Duration timeout) {
    ModelRef ref = providers.resolve(deployment.model(), deployment.customProvider());
    Provider provider = providers.get(ref.provider());
    ImageRequest probe = deployment.requestFor(ImageRequest.builder("probe").model(deployment.modelName()).build(),
        timeout, false);
    ProviderCall call = new ProviderCall(ref, probe, env, NO_IO, clock, UrlFetch.DEFAULTS, catalog);
    Optional<Catalog.Found> entry = describe(provider, call);
    Lifecycle lifecycle = entry.map(found -> found.entry().lifecycle()).orElse(Lifecycle.ACTIVE);
    ModelRef pricedAs = pricedAs(deployment, provider, call);
    try {
      return new Target(deployment, ref, provider, entry, provider.capabilities(call), null, pricedAs, lifecycle,
          !deployment.clientParams().isEmpty());
    } catch (ImageGateException e) {
      return new Target(deployment, ref, provider, entry, null, e, pricedAs, lifecycle, false);
    }
  }

  /**
   * What {@code target} accepts for {@code request} (the request already made for the deployment): the resolved
   * capabilities, or, when clients may set the deployment's provider settings, looked up for this request.
   */
  Capabilities capabilities(Target target, ImageRequest request) {
    if (target.refusal() != null) {
      throw target.refusal();
    }
    if (!target.perRequest()) {
      return target.capabilities();
    }
    return target.provider().capabilities(new ProviderCall(target.ref(), request, env, NO_IO, clock,
        UrlFetch.DEFAULTS, catalog));
  }

  /** The pre-call price estimate of {@code request} (made for the deployment) on {@code target}. */
  Cost estimate(Target target, ImageRequest request) {
    ModelRef priced = pricedAs(target, request);
    return costs.estimate(priced.provider(), priced.model(), target.deployment().prices(), request);
  }

  /**
   * {@link #estimate(Target, ImageRequest)} plus what {@code partialImages} streamed partial images can be billed
   * ({@link #PARTIAL_IMAGE_TOKENS} output image tokens each, per image asked for; nothing on models priced per image).
   */
  Cost estimate(Target target, ImageRequest request, int partialImages) {
    Cost images = estimate(target, request);
    if (partialImages <= 0 || !images.priced()) {
      return images;
    }
    Cost partials = partialsCost(target, request, partialImages * request.count());
    if (!partials.priced() || partials.amount().signum() == 0) {
      return images;
    }
    return new Cost(images.amount().add(partials.amount()), images.source(), (images.note() == null ? ""
        : images.note() + "; ") + "with " + partialImages + " partial image(s) per image at " + PARTIAL_IMAGE_TOKENS
        + " output image tokens each");
  }

  /**
   * The model whose prices apply to {@code request} on {@code target}: the deployment's {@code base_model} as
   * resolved, else what the provider says for this request (Bedrock prices some models by size).
   */
  private ModelRef pricedAs(Target target, ImageRequest request) {
    if (target.deployment().baseModel() != null) {
      return target.pricedAs();
    }
    return target.provider().pricedAs(new ProviderCall(target.ref(), request, env, NO_IO, clock, UrlFetch.DEFAULTS,
        catalog));
  }

  /**
   * Sends {@code request} (made for the target's deployment and checked against its capabilities) and returns the
   * answer with its latency and its cost (the provider's own, else priced from the deployment's prices and the
   * catalogue). The error thrown has the call's secrets scrubbed.
   *
   * @throws NotFound when the model is past a confirmed shutdown date; nothing is sent
   * @throws UpstreamProtocol when the answer has no images, data that is not an image, an image URL a client must
   *     not be given, or a usage that cannot be real; such an answer is never priced
   */
  ImageResponse send(Target target, ImageRequest request) {
    return send(target, request, null);
  }

  /**
   * {@link #send(Target, ImageRequest)}, streamed to {@code stream} when it is not null: the provider's partial
   * images as they arrive (from providers that stream), then one completed event per image of the checked, priced
   * answer (inline base64 whatever the response format). A streamed call that fails after its first event notes in
   * {@code stream} what was billed: its partial images' output tokens, or the whole answer when only delivering the
   * completed events failed.
   */
  ImageResponse send(Target target, ImageRequest request, StreamDelivery stream) {
    Redaction redaction = Redaction.of(request, env);
    String deprecation = deprecation(target, request);
    ProviderCall call = call(target.ref(), withoutLifecycleSettings(request), redaction);
    Instant start = clock.instant();
    ImageResponse answer;
    try {
      ImageResponse raw = stream == null ? target.provider().perform(call)
          : target.provider().performStreaming(call, stream);
      answer = checked(raw, call);
      answer = convert(answer, stream == null ? request.responseFormat() : ResponseFormat.B64_JSON);
    } catch (ImageGateException e) {
      if (stream != null && stream.partialsDelivered() > 0) {
        stream.billed(partialsCost(target, request, stream.partialsDelivered()));
      }
      throw redaction.scrub(e);
    }
    Duration latency = Duration.between(start, clock.instant());
    ModelRef priced = answer.cost().source() == Cost.Source.PROVIDER ? null : pricedAs(target, request);
    Cost cost = priced == null ? answer.cost()
        : costs.cost(priced.provider(), priced.model(), target.deployment().prices(), request, answer);
    ImageResponse done = answer.withCall(latency, cost);
    done = deprecation == null ? done : done.withDeprecation(deprecation);
    if (stream != null) {
      stream.billed(cost);
      stream.completed(done, request, target.provider().streams(call));
    }
    return done;
  }

  /**
   * Output image tokens a partial image is billed as, when the stream ends before its usage is reported: about 100
   * each by the providers' notes (UNCONFIRMED: no primary source states the figure; a completed event's usage,
   * when one comes, is what prices the call).
   */
  static final long PARTIAL_IMAGE_TOKENS = 100;

  /** What {@code partials} partial images cost on {@code target}: their output image tokens at its price. */
  private Cost partialsCost(Target target, ImageRequest request, int partials) {
    long tokens = PARTIAL_IMAGE_TOKENS * partials;
    Usage usage = new Usage(0, Usage.InputTokensDetails.NONE, tokens, tokens,
        new Usage.OutputTokensDetails(tokens, 0, 0));
    ImageResponse billed = ImageResponse.of(clock.instant().getEpochSecond(), List.of(), usage, Map.of(),
        target.ref().provider(), target.ref().model());
    ModelRef priced = pricedAs(target, request);
    Cost cost = costs.cost(priced.provider(), priced.model(), target.deployment().prices(),
        request.toBuilder().n(1).build(), billed);
    return cost.priced() ? new Cost(cost.amount(), cost.source(), partials + " partial image(s) at "
        + PARTIAL_IMAGE_TOKENS + " output image tokens each, before the stream ended") : cost;
  }

  /**
   * A {@link NotFound} ({@code model_not_found}) for a model past a confirmed shutdown date; for a deprecated one, a
   * warning once and the notice for the response; otherwise null.
   */
  private String deprecation(Target target, ImageRequest request) {
    Lifecycle lifecycle;
    try {
      lifecycle = target.lifecycleFor(request);
    } catch (DateTimeParseException e) {
      throw new BadRequest("Invalid lifecycle date in the deployment's settings: " + e.getParsedString()
          + " (expected YYYY-MM-DD)", "shutdown_date", details(target.ref()));
    }
    LocalDate today = LocalDate.now(clock);
    String model = target.ref().qualified();
    return switch (lifecycle.state(today)) {
      case ACTIVE -> null;
      case SHUT_DOWN -> throw NotFound.modelNotFound("The model " + model + " is no longer served: "
          + lifecycle.describe(today) + " (a deployment may set shutdown_date to keep using it, e.g. on Azure)",
          details(target.ref()));
      case DEPRECATED -> {
        if (warned.add(model)) {
          lifecycleWarnings.accept("The model " + model + " is deprecated: " + lifecycle.describe(today));
        }
        yield lifecycle.describe(today);
      }
    };
  }

  private static ImageGateException.Details details(ModelRef ref) {
    return new ImageGateException.Details(ref.provider(), ref.model(), null, null, null);
  }

  private static ImageRequest withoutLifecycleSettings(ImageRequest request) {
    if (Lifecycle.SETTINGS.stream().noneMatch(request.extras()::containsKey)) {
      return request;
    }
    Map<String, Object> extras = new LinkedHashMap<>(request.extras());
    extras.keySet().removeAll(Lifecycle.SETTINGS);
    return request.toBuilder().extras(extras).build();
  }

  /** The answer, if it holds only what may be passed on and priced; else an {@link UpstreamProtocol}. */
  private static ImageResponse checked(ImageResponse raw, ProviderCall call) {
    String provider = call.provider();
    if (raw.data().isEmpty()) {
      throw new UpstreamProtocol(provider + " answered without images: expected at least one image",
          call.details(), null);
    }
    for (ImageData image : raw.data()) {
      if (!image.isUrl() && image.inlineFormat() == ImageFormat.UNKNOWN) {
        throw new UpstreamProtocol(provider + " answered with image data that is not a PNG, JPEG, WebP, GIF or"
            + " SVG image (by its first bytes), which is never passed on as one", call.details(), null);
      }
      if (image.isUrl() && !relayableUrl(image.url())) {
        int colon = image.url().indexOf(':');
        String scheme = colon > 0 && colon <= 16 ? image.url().substring(0, colon + 1) : "no scheme";
        throw new UpstreamProtocol(provider + " answered with an image URL that is not an https URL ("
            + scheme + "), which is never given to a client", call.details(), null);
      }
    }
    String usage = impossibleUsage(raw.usage());
    if (usage != null) {
      throw new UpstreamProtocol(provider + " answered with a usage it cannot have (" + usage
          + "): the call is not priced from it", call.details(), null);
    }
    return raw;
  }

  /** An image URL a client may be given: http(s), or an inline image ({@code data:image/...}). */
  static boolean relayableUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
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
   * One call's view of the providers: its transport notes the credential headers it sends (for {@code redaction})
   * and the host its first request goes to (the provider's, for the image download rules).
   */
  private ProviderCall call(ModelRef ref, ImageRequest request, Redaction redaction) {
    AtomicReference<String> providerHost = new AtomicReference<>();
    HttpTransport sending = HttpTransport.observing(transport,
        sent -> providerHost.compareAndSet(null, sent.uri().getHost()));
    return new ProviderCall(ref, request, env, redaction.watching(sending), clock,
        fetch.withProviderHost(providerHost::get), catalog);
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

  /** The model whose prices apply: the deployment's {@code base_model} when set, else what the provider says. */
  private ModelRef pricedAs(Deployment deployment, Provider provider, ProviderCall call) {
    String base = deployment.baseModel();
    if (base == null) {
      return provider.pricedAs(call);
    }
    if (base.indexOf('/') > 0) {
      try {
        return providers.resolve(base, null);
      } catch (NotFound e) {
        return new ModelRef(call.provider(), base);
      }
    }
    return new ModelRef(call.provider(), base);
  }

  private static Optional<Catalog.Found> describe(Provider provider, ProviderCall call) {
    try {
      return provider.describedBy(call);
    } catch (ImageGateException e) {
      return Optional.empty();
    }
  }
}
