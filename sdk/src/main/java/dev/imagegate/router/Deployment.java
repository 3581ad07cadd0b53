package dev.imagegate.router;

import dev.imagegate.ImageRequest;
import dev.imagegate.cost.PriceOverrides;
import dev.imagegate.provider.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One entry of a {@code model_list}: a provider model with its credentials and routing parameters, serving the model
 * group {@code modelName}. Immutable; {@link #toString()} masks credentials.
 *
 * @param id {@code model_info.id}, else a stable id derived from the entry
 * @param model the provider model string, e.g. {@code azure/gpt-image-1}
 * @param customProvider {@code custom_llm_provider}: names the provider when {@code model} has no prefix
 * @param apiKey null means the provider's environment variable
 * @param settings provider-native settings ({@code vertex_project}, {@code aws_region_name}, ...) merged into the
 *     request's extras, winning over the caller's
 * @param defaults portable parameters used when the caller leaves them unset
 * @param rpm requests per minute this deployment may take, null for no limit
 * @param tpm tokens per minute (kept for the gateway; image calls are not limited by it)
 * @param weight relative share under {@code simple-shuffle}
 * @param order priority: only the lowest order among healthy deployments is used; null ranks after all orders
 * @param timeout null means the router's
 * @param maxRetries how many times one call may retry this same deployment; null means no per-deployment cap
 * @param baseModel the model whose prices apply (e.g. for Azure deployment names)
 * @param dropParams null means the router's {@code drop_params}
 * @param prices prices that win over the bundled table
 */
public record Deployment(String id, String modelName, String model, String customProvider, String apiKey,
                         String apiBase, String apiVersion, Map<String, Object> settings, RequestDefaults defaults,
                         Integer rpm, Integer tpm, Double weight, Integer order, Duration timeout,
                         Integer maxRetries, List<String> tags, String baseModel, Boolean dropParams,
                         PriceOverrides prices, ModelInfo modelInfo, Set<String> clientParams) {

  public Deployment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(model, "model");
    settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    defaults = defaults == null ? RequestDefaults.NONE : defaults;
    tags = tags == null ? List.of() : List.copyOf(tags);
    prices = prices == null ? PriceOverrides.NONE : prices;
    modelInfo = modelInfo == null ? ModelInfo.NONE : modelInfo;
    clientParams = clientParams == null ? Set.of() : Set.copyOf(clientParams);
  }

  public static Builder builder(String modelName, String model) {
    return new Builder(modelName, model);
  }

  /**
   * The request sent to this deployment: the caller's portable parameters (else this deployment's defaults), the
   * caller's extras with this deployment's settings on top, and always this deployment's model, credentials and
   * bases. Timeout: the caller's, else this deployment's, else {@code routerTimeout}.
   */
  public ImageRequest requestFor(ImageRequest caller, Duration routerTimeout, boolean routerDropParams) {
    ImageRequest.Builder out = caller.toBuilder().model(model).customProvider(customProvider)
        .apiKey(clientChosen("api_key", caller.apiKey(), apiKey))
        .apiBase(clientChosen("api_base", caller.apiBase(), apiBase))
        .apiVersion(clientChosen("api_version", caller.apiVersion(), apiVersion));
    defaults.applyTo(caller, out);
    Map<String, Object> extras = new LinkedHashMap<>(caller.extras());
    settings.forEach((key, value) -> {
      if (!clientParams.contains(key) || !caller.extras().containsKey(key)) {
        extras.put(key, value);
      }
    });
    out.extras(extras);
    out.timeout(caller.timeout() != null ? caller.timeout() : timeout != null ? timeout : routerTimeout);
    out.dropParams(caller.dropParams() || (dropParams != null ? dropParams : routerDropParams));
    return out.build();
  }

  public Deployment withId(String newId) {
    return new Deployment(newId, modelName, model, customProvider, apiKey, apiBase, apiVersion, settings, defaults,
        rpm, tpm, weight, order, timeout, maxRetries, tags, baseModel, dropParams, prices, modelInfo, clientParams);
  }

  /**
   * The caller's value for a credential or endpoint when the operator lets clients set it
   * ({@code configurable_clientside_auth_params}) and the caller did; else this deployment's.
   */
  private String clientChosen(String param, String callerValue, String own) {
    return callerValue != null && clientParams.contains(param) ? callerValue : own;
  }

  /** The settings with secret-looking values masked, for display. */
  public Map<String, Object> maskedSettings() {
    Map<String, Object> out = new LinkedHashMap<>();
    settings.forEach((key, value) -> out.put(key, looksSecret(key) ? Secrets.mask(String.valueOf(value)) : value));
    return out;
  }

  static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("key") || k.contains("secret") || k.contains("token") || k.contains("password")
        || k.contains("credential");
  }

  @Override
  public String toString() {
    return "Deployment[id=" + id + ", modelName=" + modelName + ", model=" + model
        + (apiBase == null ? "" : ", apiBase=" + apiBase)
        + (apiKey == null ? "" : ", apiKey=" + Secrets.mask(apiKey)) + ", settings=" + maskedSettings()
        + (rpm == null ? "" : ", rpm=" + rpm) + (weight == null ? "" : ", weight=" + weight)
        + (order == null ? "" : ", order=" + order) + (tags.isEmpty() ? "" : ", tags=" + tags) + "]";
  }

  /** A mutable builder; {@link #build()} checks the values. */
  public static final class Builder {
    private String id;
    private final String modelName;
    private final String model;
    private String customProvider;
    private String apiKey;
    private String apiBase;
    private String apiVersion;
    private Map<String, Object> settings = Map.of();
    private RequestDefaults defaults = RequestDefaults.NONE;
    private Integer rpm;
    private Integer tpm;
    private Double weight;
    private Integer order;
    private Duration timeout;
    private Integer maxRetries;
    private List<String> tags = List.of();
    private String baseModel;
    private Boolean dropParams;
    private PriceOverrides prices = PriceOverrides.NONE;
    private ModelInfo modelInfo = ModelInfo.NONE;
    private Set<String> clientParams = Set.of();

    private Builder(String modelName, String model) {
      this.modelName = modelName;
      this.model = model;
    }

    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder customProvider(String value) {
      this.customProvider = value;
      return this;
    }

    public Builder apiKey(String value) {
      this.apiKey = value;
      return this;
    }

    public Builder apiBase(String value) {
      this.apiBase = value;
      return this;
    }

    public Builder apiVersion(String value) {
      this.apiVersion = value;
      return this;
    }

    public Builder settings(Map<String, Object> value) {
      this.settings = value;
      return this;
    }

    public Builder defaults(RequestDefaults value) {
      this.defaults = value;
      return this;
    }

    public Builder rpm(Integer value) {
      this.rpm = value;
      return this;
    }

    public Builder tpm(Integer value) {
      this.tpm = value;
      return this;
    }

    public Builder weight(Double value) {
      this.weight = value;
      return this;
    }

    public Builder order(Integer value) {
      this.order = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    public Builder maxRetries(Integer value) {
      this.maxRetries = value;
      return this;
    }

    public Builder tags(List<String> value) {
      this.tags = value;
      return this;
    }

    public Builder baseModel(String value) {
      this.baseModel = value;
      return this;
    }

    public Builder dropParams(Boolean value) {
      this.dropParams = value;
      return this;
    }

    public Builder prices(PriceOverrides value) {
      this.prices = value;
      return this;
    }

    public Builder modelInfo(ModelInfo value) {
      this.modelInfo = value;
      return this;
    }

    /** Fields clients may set per request ({@code configurable_clientside_auth_params}), e.g. {@code api_base}. */
    public Builder clientParams(Set<String> value) {
      this.clientParams = value;
      return this;
    }

    /** Without an explicit id, the id is a stable hash of the group, model, base and settings. */
    public Deployment build() {
      String chosen = id != null ? id : stableId();
      return new Deployment(chosen, modelName, model, customProvider, apiKey, apiBase, apiVersion, settings,
          defaults, rpm, tpm, weight, order, timeout, maxRetries, tags, baseModel, dropParams, prices, modelInfo,
          clientParams);
    }

    private String stableId() {
      String identity = modelName + "\n" + model + "\n" + apiBase + "\n" + apiVersion + "\n" + customProvider
          + "\n" + new TreeMap<>(settings) + "\n" + order + "\n" + tags;
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
