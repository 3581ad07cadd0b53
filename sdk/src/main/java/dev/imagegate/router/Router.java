package dev.imagegate.router;

import dev.imagegate.Cost;
import dev.imagegate.ImageGate;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.ImageStore;
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

  private Router(Builder builder, Upstream upstream) {
    RouterSettings settings = builder.settings;
    CostCalculator costs = new CostCalculator(builder.pricing).warningOnce(builder.costWarnings);
    this.context = new RouterContext(settings, Strategy.named(settings.routingStrategy(), settings), upstream, costs,
        builder.clock, builder.sleeper, builder.random, builder.cooldowns, builder.traffic, builder.listener);
    this.byId = index(builder.deployments);
    this.groups = Groups.of(builder.deployments, upstream);
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
    return generate(request, RouterListener.NONE);
  }

  /**
   * {@link #generate(ImageRequest)}, telling {@code call} (as well as the router's own listener) about this call's
   * attempts and fallbacks: how a caller learns what a failed call tried.
   */
  public ImageResponse generate(ImageRequest request, RouterListener call) {
    Objects.requireNonNull(request, "request");
    ModelGroup primary = target(request);
    request = guardrails.apply(request);
    GroupCall.Progress progress = new GroupCall.Progress(RouterListener.both(context.listener(), call));
    try {
      return groupCall.run(primary, request, progress);
    } catch (ImageGateException first) {
      ImageGateException last = first;
      List<String> fallbacks = context.settings().fallbacks().after(primary.name(), first);
      for (String fallback : fallbacks.subList(0, Math.min(fallbacks.size(), context.settings().maxFallbacks()))) {
        progress.listener.fellBack(primary.name(), fallback, last);
        progress.fallbacksTried.add(fallback);
        try {
          return groupCall.run(groups.get(fallback), request.toBuilder().model(fallback).build(), progress);
        } catch (ImageGateException next) {
          last = next;
        }
      }
      throw progress.lastFailure != null ? progress.lastFailure : last;
    }
  }

  /**
   * Checks, without calling anyone, that some deployment of the request's group can take its parameters: the
   * {@code BadRequest} naming the parameter that {@link #generate} would end with otherwise. Lets a caller refuse a
   * bad request before it reserves budget or writes a spend row.
   */
  public void validate(ImageRequest request) {
    picker.checkServable(target(request), request);
  }

  /**
   * The highest pre-call price estimate ({@code n} x per-image price) among the deployments that could serve the
   * request, for budget checks; unpriced when any of them cannot be priced.
   */
  public Cost estimate(ImageRequest request) {
    ModelGroup group = target(request);
    Cost highest = null;
    for (Deployment deployment : group.imageDeployments()) {
      ImageRequest forDeployment = deployment.requestFor(request, context.settings().effectiveTimeout(),
          context.settings().dropParams());
      ModelRef priced = PricedAs.of(context.upstream(), deployment, forDeployment);
      Cost cost = context.costs().estimate(priced.provider(), priced.model(), deployment.prices(), forDeployment);
      if (!cost.priced()) {
        return cost;
      }
      highest = highest == null || cost.amount().compareTo(highest.amount()) > 0 ? cost : highest;
    }
    return highest == null ? Cost.unpriced("no deployment") : highest;
  }

  /**
   * What {@code deployment} accepts (n range, sizes, qualities, styles), as a call routed to it is checked: for
   * callers that offer the choices up front, such as the gateway's {@code /v1/model/info}. Looked up without I/O.
   */
  public Capabilities capabilities(Deployment deployment) {
    ImageRequest probe = deployment.requestFor(ImageRequest.builder("capabilities").model(deployment.modelName())
        .build(), context.settings().effectiveTimeout(), context.settings().dropParams());
    return context.upstream().capabilities(probe);
  }

  /**
   * The price table's entry for the model a call to {@code deployment} is priced as ({@code base_model}, else what its
   * provider says), or empty when the table has none. The deployment's own price overrides are not included.
   */
  public Optional<Pricing.ModelPrice> cataloguePrices(Deployment deployment) {
    ImageRequest probe = deployment.requestFor(ImageRequest.builder("prices").model(deployment.modelName()).build(),
        context.settings().effectiveTimeout(), context.settings().dropParams());
    ModelRef priced = PricedAs.of(context.upstream(), deployment, probe);
    return context.costs().pricing().find(priced.provider(), priced.model());
  }

  /**
   * The catalogue entry describing {@code deployment}'s model (capabilities, prices, lifecycle); empty for models
   * the catalogue does not know (OpenAI-compatible servers, unknown Azure deployments) or cannot resolve.
   */
  public Optional<Catalog.Found> describe(Deployment deployment) {
    try {
      return context.upstream().describedBy(deployment.requestFor(ImageRequest.builder("describe").build(),
          context.settings().effectiveTimeout(), false));
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

  private ModelGroup target(ImageRequest request) {
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
    try {
      context.upstream().resolve(request);
    } catch (NotFound e) {
      throw new NotFound("Unknown model group '" + request.model() + "'. Known groups: "
          + String.join(", ", groups.keySet()) + ". It is not a provider model string either: " + e.getMessage(),
          null);
    }
    Deployment deployment = Deployment.builder(request.model(), request.model()).id(request.model())
        .customProvider(request.customProvider()).apiKey(request.apiKey()).apiBase(request.apiBase())
        .apiVersion(request.apiVersion()).build();
    return new ModelGroup(request.model(), List.of(deployment), List.of(deployment));
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
    private Upstream upstream;
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

    /** Replaces the provider seam entirely (then providers, transport and image store are unused). */
    public Builder upstream(Upstream value) {
      this.upstream = Objects.requireNonNull(value);
      return this;
    }

    /** @throws IllegalArgumentException listing every problem (duplicate ids, bad fallbacks, unknown models) */
    public Router build() {
      if (pricing == null) {
        pricing = catalog.pricing();
      }
      return new Router(this, upstream != null ? upstream : Upstream.of(gate(), env, clock));
    }

    private ImageGate gate() {
      ImageGate.Builder gate = ImageGate.builder().providers(providers).env(env).clock(clock).pricing(pricing)
          .catalog(catalog).lifecycleWarnings(lifecycleWarnings);
      if (transport != null) {
        gate.transport(transport);
      }
      if (store != null) {
        gate.imageStore(store);
      }
      if (fetch != null) {
        gate.urlFetch(fetch);
      }
      return gate.build();
    }
  }
}
