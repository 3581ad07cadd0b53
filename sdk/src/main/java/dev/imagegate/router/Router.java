package dev.imagegate.router;

import dev.imagegate.Cost;
import dev.imagegate.EditRequest;
import dev.imagegate.ImageEvent;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.ImageStore;
import dev.imagegate.ImageStreamListener;
import dev.imagegate.VariationRequest;
import dev.imagegate.cost.CostCalculator;
import dev.imagegate.catalog.Catalog;
import dev.imagegate.cost.Pricing;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.NotFound;
import dev.imagegate.guardrail.Guardrails;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.Env;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.JdkHttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderRegistry;
import dev.imagegate.provider.UrlFetch;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Serves image requests from model groups of deployments, LiteLLM-style: load balancing by a {@link Strategy},
 * {@code rpm} limits, tag filtering, capability checks before spending, retries with backoff, cooldowns and
 * fallbacks. Build one per configuration with {@link #builder}; thread-safe.
 *
 * <pre>{@code
 * Router router = Router.builder(config.deployments()).settings(config.routerSettings()).env(config.env()).build();
 * ImageResponse response = router.generate(ImageRequest.builder("a lighthouse").model("my-group").build());
 * }</pre>
 */
public final class Router {
  private final Map<String, ModelGroup> groups;
  private final Map<String, Deployment> byId;
  private final RouterContext context;
  private final Picker picker;
  private final GroupCall groupCall;
  private final Guardrails guardrails;
  /** Targets resolved for provider model strings called by name, by the deployment made of the request's fields. */
  private final Map<Deployment, Target> directTargets = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_DIRECT_TARGETS = 1024;

  private Router(Builder builder, Dispatcher dispatcher) {
    RouterSettings settings = builder.settings;
    this.context = new RouterContext(settings, Strategy.named(settings.routingStrategy(), settings), dispatcher,
        builder.clock, builder.sleeper, builder.random, builder.cooldowns, builder.traffic, builder.listener);
    this.byId = index(builder.deployments);
    this.groups = Groups.of(builder.deployments, dispatcher, settings.effectiveTimeout());
    Groups.checkFallbacks(groups, settings);
    this.picker = new Picker(context);
    this.groupCall = new GroupCall(context, picker);
    this.guardrails = builder.guardrails;
  }

  public static Builder builder(Collection<Deployment> deployments) {
    return new Builder(deployments);
  }

  /**
   * Generates images for {@code request}, whose {@code model} names a model group (or, when no group has that name,
   * a provider model string called directly with the request's own credentials). The response's route names the
   * deployment that served it, the attempts made and the fallback groups tried; its cost uses the deployment's
   * prices. The router's {@code default_on} guardrails check the prompt first, before any deployment is called.
   *
   * @throws ImageGateException the failure of the last attempt; {@link BadRequest} (naming the param) when no
   *     deployment can serve the request; {@code RateLimited} when all are cooling down or at their rpm;
   *     {@code ContentPolicyViolation} when a guardrail blocked the prompt
   */
  public ImageResponse generate(ImageRequest request) {
    Objects.requireNonNull(request, "request");
    ModelGroup group = group(request);
    CallResult result = call(group, guardrails.apply(request));
    return result.orThrow().withRoute(result.route());
  }

  /**
   * {@link #generate} for an edit: routed only to deployments whose model serves edits (fallbacks too), checked
   * against each one's input limits before anything is sent.
   */
  public ImageResponse edit(EditRequest request) {
    return generate(request.request());
  }

  /** {@link #generate} for a variation, routed like {@link #edit}. */
  public ImageResponse vary(VariationRequest request) {
    return generate(request.request());
  }

  /**
   * Serves {@code request} from {@code group} (which the caller has already looked up, e.g. with {@link #group}),
   * with retries and fallbacks, and returns everything the call did. Never throws an {@link ImageGateException}: a
   * failure, including a request no deployment can serve, is the result's. The router's guardrails are not applied
   * (callers screening prompts themselves, like the gateway, use this).
   */
  public CallResult call(ModelGroup group, ImageRequest request) {
    Objects.requireNonNull(group, "group");
    ImageRequest forGroup = forGroup(group, request);
    return run(group, forGroup, null, null);
  }

  /** {@link #call(ModelGroup, ImageRequest)} for a request already checked by {@link #prepare}. */
  public CallResult call(Prepared prepared) {
    return run(prepared.group(), prepared.request(), prepared.servable, null);
  }

  /**
   * {@link #call(Prepared)}, streamed: {@code listener} receives the partial images of models that stream natively
   * (up to {@code partialImages}) as they arrive, then one {@link ImageEvent.CompletedImage} per image of the checked,
   * priced answer (for models that cannot stream, the ordinary call's images). Until the first event the call is
   * retried and falls back as usual; after it, a failure ends the call. A listener that throws cancels the call
   * (the upstream request is abandoned; the result fails with {@link dev.imagegate.error.Cancelled}). The result's
   * {@link CallResult#cost()} for a call that failed after it began is what it was billed.
   *
   * @throws BadRequest before anything is sent, for {@code partialImages} outside 0 to 3 or a variation
   */
  public CallResult stream(Prepared prepared, int partialImages, ImageStreamListener listener) {
    StreamDelivery.check(prepared.request(), partialImages);
    return run(prepared.group(), prepared.request(), prepared.servable,
        new StreamDelivery(prepared.request().operation(), partialImages, listener));
  }

  /**
   * {@link #generate}, streamed as {@link #stream} says, for a generate or edit request; the last event is
   * {@link ImageEvent.Finished} with the response {@link #generate} would return, which is also returned.
   *
   * @throws ImageGateException as {@link #generate}; {@link dev.imagegate.error.Cancelled} when the listener threw
   */
  public ImageResponse generateStreaming(ImageRequest request, int partialImages, ImageStreamListener listener) {
    Objects.requireNonNull(request, "request");
    StreamDelivery.check(request, partialImages);
    ModelGroup group = group(request);
    ImageRequest screened = guardrails.apply(request);
    ImageRequest forGroup = forGroup(group, screened);
    CallResult result = run(group, forGroup, null, new StreamDelivery(forGroup.operation(), partialImages, listener));
    ImageResponse response = result.orThrow().withRoute(result.route());
    listener.onEvent(new ImageEvent.Finished(request.operation(), response));
    return response;
  }

  /**
   * Refuses, before anything is sent, what cannot be streamed: {@code partialImages} outside 0 to 3, or a variation.
   *
   * @throws BadRequest naming {@code partial_images} or {@code stream}
   */
  public void checkStreamable(ImageRequest request, int partialImages) {
    StreamDelivery.check(request, partialImages);
  }

  /** {@link #generateStreaming} for an edit: {@code image_edit.*} events. */
  public ImageResponse editStreaming(EditRequest request, int partialImages, ImageStreamListener listener) {
    return generateStreaming(request.request(), partialImages, listener);
  }

  private CallResult run(ModelGroup group, ImageRequest request, Map<Deployment, Picker.Pick> servable,
                         StreamDelivery stream) {
    GroupCall.Progress progress = new GroupCall.Progress();
    try {
      return progress.succeeded(groupCall.run(group, servable != null ? servable : picker.servable(group, request),
          progress, stream));
    } catch (ImageGateException first) {
      ImageGateException last = first;
      List<String> fallbacks = stream != null && stream.begun() ? List.of()
          : context.settings().fallbacks().after(group.name(), first);
      for (String name : fallbacks.subList(0, Math.min(fallbacks.size(), context.settings().maxFallbacks()))) {
        context.listener().fellBack(group.name(), name, last);
        progress.fallbacksTried.add(name);
        ModelGroup fallback = groups.get(name);
        ImageRequest forFallback = request.toBuilder().model(name).build();
        try {
          return progress.succeeded(groupCall.run(fallback, picker.servable(fallback, forFallback), progress,
              stream));
        } catch (ImageGateException next) {
          last = next;
          if (stream != null && stream.begun()) {
            break;
          }
        }
      }
      return progress.failed(last, stream);
    }
  }

  /**
   * Checks, without calling anyone, which deployments of {@code group} can take the request's parameters, once for
   * the whole call: lets a caller refuse a bad request before it reserves budget or writes a spend row, price it
   * ({@link #estimate(Prepared)}) and serve it ({@link #call(Prepared)}).
   *
   * @throws BadRequest naming the parameter, the error {@link #call} would end with otherwise
   */
  public Prepared prepare(ModelGroup group, ImageRequest request) {
    ImageRequest forGroup = forGroup(group, request);
    return new Prepared(group, forGroup, picker.servable(group, forGroup));
  }

  /** Checks the request against the group its {@code model} names (see {@link #prepare}). */
  public void validate(ImageRequest request) {
    ModelGroup group = group(request);
    prepare(group, request);
  }

  /**
   * The highest pre-call price estimate ({@code n} x per-image price) among the deployments that can serve the
   * prepared request, for budget checks; unpriced when any of them cannot be priced.
   */
  public Cost estimate(Prepared prepared) {
    return estimate(prepared, 0);
  }

  /**
   * {@link #estimate(Prepared)} for a call streamed with {@code partialImages} partial images: each may be billed as
   * output image tokens on token-billed models, which the estimate adds.
   */
  public Cost estimate(Prepared prepared, int partialImages) {
    Cost highest = null;
    for (Picker.Pick pick : prepared.servable.values()) {
      Cost cost = context.dispatcher().estimate(pick.target(), pick.request(), partialImages);
      if (!cost.priced()) {
        return cost;
      }
      highest = highest == null || cost.amount().compareTo(highest.amount()) > 0 ? cost : highest;
    }
    return highest == null ? Cost.unpriced("no deployment") : highest;
  }

  /**
   * {@link #estimate(Prepared)} for {@code request} on {@code group}.
   *
   * @throws BadRequest when no deployment of the group can serve the request
   */
  public Cost estimate(ModelGroup group, ImageRequest request) {
    return estimate(prepare(group, request));
  }

  /** {@link #estimate(ModelGroup, ImageRequest)} for the group the request's {@code model} names. */
  public Cost estimate(ImageRequest request) {
    return estimate(group(request), request);
  }

  /**
   * What {@code deployment} accepts (n range, sizes, qualities, styles), as a call routed to it is checked: for
   * callers that offer the choices up front, such as the gateway's {@code /v1/model/info}. Looked up without I/O.
   *
   * @throws ImageGateException when the deployment cannot serve images (its provider refuses its model)
   */
  public Capabilities capabilities(Deployment deployment) {
    Target target = target(deployment);
    if (target.refusal() != null) {
      throw target.refusal();
    }
    return target.capabilities();
  }

  /**
   * The price table's entry for the model a call to {@code deployment} is priced as ({@code base_model}, else what its
   * provider says), or empty when the table has none. The deployment's own price overrides are not included.
   */
  public Optional<Pricing.ModelPrice> cataloguePrices(Deployment deployment) {
    try {
      ModelRef priced = target(deployment).pricedAs();
      return context.dispatcher().costs().pricing().find(priced.provider(), priced.model());
    } catch (ImageGateException e) {
      return Optional.empty();
    }
  }

  /**
   * The catalogue entry describing {@code deployment}'s model (capabilities, prices, lifecycle); empty for models
   * the catalogue does not know (OpenAI-compatible servers, unknown Azure deployments) or cannot resolve.
   */
  public Optional<Catalog.Found> describe(Deployment deployment) {
    try {
      return target(deployment).entry();
    } catch (ImageGateException e) {
      return Optional.empty();
    }
  }

  /** Every model group in configuration order, image-capable or not (for {@code /v1/models}). */
  public List<ModelGroup> groups() {
    return List.copyOf(groups.values());
  }

  public Optional<ModelGroup> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  public Optional<Deployment> deployment(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public RouterSettings settings() {
    return context.settings();
  }

  /** The target of a configured image deployment, else the deployment resolved now. */
  private Target target(Deployment deployment) {
    ModelGroup group = groups.get(deployment.modelName());
    if (group != null) {
      for (Target target : group.targets()) {
        if (target.deployment().equals(deployment)) {
          return target;
        }
      }
    }
    return context.dispatcher().resolve(deployment, context.settings().effectiveTimeout());
  }

  /**
   * The group the request's {@code model} names; a provider model string no group has is a group of one
   * ({@link #direct}).
   *
   * @throws BadRequest when the group does not generate images
   * @throws NotFound when the name is neither a group nor a provider model string
   */
  public ModelGroup group(ImageRequest request) {
    ModelGroup group = groups.get(request.model());
    if (group == null) {
      return direct(request);
    }
    if (!group.imageCapable()) {
      throw new BadRequest("Model group '" + group.name() + "' does not generate images (its deployments have mode "
          + group.deployments().get(0).modelInfo().mode() + ")", "model");
    }
    return group;
  }

  /** A one-deployment group for a provider model string, as LiteLLM routes unknown names. */
  private ModelGroup direct(ImageRequest request) {
    Deployment deployment = Deployment.builder(request.model(), request.model()).id(request.model())
        .customProvider(request.customProvider()).apiKey(request.apiKey()).apiBase(request.apiBase())
        .apiVersion(request.apiVersion()).settings(request.extras()).build();
    Target target = directTargets.get(deployment);
    try {
      if (target == null) {
        target = context.dispatcher().resolve(deployment, context.settings().effectiveTimeout());
        if (directTargets.size() >= MAX_DIRECT_TARGETS) {
          directTargets.clear();
        }
        directTargets.put(deployment, target);
      }
    } catch (NotFound e) {
      if (groups.isEmpty()) {
        throw e;
      }
      throw new NotFound("Unknown model group '" + request.model() + "'. Known groups: "
          + String.join(", ", groups.keySet()) + ". It is not a provider model string either: " + e.getMessage(),
          null);
    }
    return new ModelGroup(request.model(), List.of(deployment), List.of(target), true);
  }

  /** {@code request} with the group's name as its model (the caller may have named a provider model string). */
  private static ImageRequest forGroup(ModelGroup group, ImageRequest request) {
    return group.name().equals(request.model()) ? request : request.toBuilder().model(group.name()).build();
  }

  private static Map<String, Deployment> index(Collection<Deployment> deployments) {
    Map<String, Deployment> out = new LinkedHashMap<>();
    for (Deployment deployment : deployments) {
      if (out.put(deployment.id(), deployment) != null) {
        throw new IllegalArgumentException("two deployments have the id '" + deployment.id() + "'");
      }
    }
    return out;
  }

  /** Configures a router. Every collaborator has a default; tests inject fakes. */
  public static final class Builder {
    private final List<Deployment> deployments;
    private RouterSettings settings = RouterSettings.DEFAULTS;
    private ProviderRegistry providers = ProviderRegistry.standard();
    private HttpTransport transport;
    private Env env = Env.system();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RandomGenerator random = new Random();
    private Cooldowns cooldowns = new InMemoryCooldowns();
    private Traffic traffic = new InMemoryTraffic();
    private Pricing pricing;
    private ImageStore store;
    private UrlFetch fetch;
    private RouterListener listener = RouterListener.NONE;
    private Consumer<String> costWarnings = message ->
        System.getLogger("dev.imagegate.cost").log(Level.WARNING, message);
    private Consumer<String> lifecycleWarnings = message ->
        System.getLogger("dev.imagegate.lifecycle").log(Level.WARNING, message);
    private Catalog catalog = Catalog.bundled();
    private Guardrails guardrails = Guardrails.NONE;

    private Builder(Collection<Deployment> deployments) {
      this.deployments = new ArrayList<>(deployments);
    }

    public Builder settings(RouterSettings value) {
      this.settings = Objects.requireNonNull(value);
      return this;
    }

    public Builder providers(ProviderRegistry value) {
      this.providers = Objects.requireNonNull(value);
      return this;
    }

    public Builder transport(HttpTransport value) {
      this.transport = Objects.requireNonNull(value);
      return this;
    }

    /** Where deployments without {@code api_key}/{@code api_base} find them; default the process environment. */
    public Builder env(Env value) {
      this.env = Objects.requireNonNull(value);
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    public Builder sleeper(Sleeper value) {
      this.sleeper = Objects.requireNonNull(value);
      return this;
    }

    /** Randomness for shuffling, tie-breaking and backoff jitter. */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value);
      return this;
    }

    public Builder cooldowns(Cooldowns value) {
      this.cooldowns = Objects.requireNonNull(value);
      return this;
    }

    public Builder traffic(Traffic value) {
      this.traffic = Objects.requireNonNull(value);
      return this;
    }

    public Builder pricing(Pricing value) {
      this.pricing = Objects.requireNonNull(value);
      return this;
    }

    /** How image URLs providers return are fetched; default {@link UrlFetch#DEFAULTS}. */
    public Builder urlFetch(UrlFetch value) {
      this.fetch = value;
      return this;
    }

    public Builder imageStore(ImageStore value) {
      this.store = Objects.requireNonNull(value);
      return this;
    }

    public Builder listener(RouterListener value) {
      this.listener = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The model catalogue (bundled, or with an operator's file merged over it); its prices apply unless
     * {@link #pricing} is set.
     */
    public Builder catalog(Catalog value) {
      this.catalog = Objects.requireNonNull(value);
      return this;
    }

    /** Told once per model that it is deprecated; default a warning on the system logger. */
    public Builder lifecycleWarnings(Consumer<String> value) {
      this.lifecycleWarnings = Objects.requireNonNull(value);
      return this;
    }

    /** Told once per model that calls to it cannot be priced; default a warning on the system logger. */
    public Builder costWarnings(Consumer<String> value) {
      this.costWarnings = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Guardrails whose {@code default_on} members check every prompt before any deployment is called (e.g.
     * {@code Guardrails.fromConfig(config, transport)}); default none. The gateway runs its own per-call selection
     * instead and leaves this unset.
     */
    public Builder guardrails(Guardrails value) {
      this.guardrails = Objects.requireNonNull(value);
      return this;
    }

    /** @throws IllegalArgumentException listing every problem (duplicate ids, bad fallbacks, unknown models) */
    public Router build() {
      if (pricing == null) {
        pricing = catalog.pricing();
      }
      return new Router(this, new Dispatcher(providers, transport != null ? transport : new JdkHttpTransport(), env,
          clock, new CostCalculator(pricing).warningOnce(costWarnings), store != null ? store : ImageStore.dataUrls(),
          fetch != null ? fetch : UrlFetch.DEFAULTS, catalog, lifecycleWarnings));
    }
  }
}
