package dev.imagegate.provider.azure;

import dev.imagegate.catalog.Catalog;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.openai.OpenAiShapedProvider;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Azure OpenAI image generation: {@code POST {endpoint}/openai/deployments/{deployment}/images/generations
 * ?api-version=...} with an {@code api-key} header or an Entra ID bearer token, or the v1 route
 * {@code {endpoint}/openai/v1/images/generations} with the deployment in the body. Bodies and answers are OpenAI's.
 * Deployment names are arbitrary: the {@code base_model} setting (else a deployment named like a known model) says
 * which OpenAI model runs, for capabilities and prices.
 */
public final class AzureProvider extends OpenAiShapedProvider {
  private static final String[] KEY_ENV = {"AZURE_API_KEY", "AZURE_OPENAI_API_KEY"};
  private static final String[] TOKEN_ENV = {"AZURE_AD_TOKEN"};

  @Override
  public String name() {
    return "azure";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return AzureMapping.capabilities(call);
  }

  /** {@code azure/<base model>}; a deployment whose model is unknown keeps its own name, which has no price. */
  @Override
  public ModelRef pricedAs(ProviderCall call) {
    return new ModelRef(name(), AzureMapping.baseModel(call).orElse(call.model()));
  }

  /** The base model's {@code azure/} entry: Azure's own lifecycle dates, never OpenAI's. */
  @Override
  public Optional<Catalog.Found> describedBy(ProviderCall call) {
    return AzureMapping.baseModel(call).flatMap(base -> call.catalog().find(name(), base));
  }

  @Override
  protected String[] keyEnv() {
    return KEY_ENV.clone();
  }

  @Override
  protected String[] baseEnv() {
    return new String[] {"AZURE_API_BASE", "AZURE_OPENAI_ENDPOINT"};
  }

  /** None: every Azure resource has its own endpoint. */
  @Override
  protected String defaultBase() {
    return "";
  }

  @Override
  protected URI endpoint(ProviderCall call) {
    return route(call).uri();
  }

  @Override
  protected String wireModel(ProviderCall call) {
    return route(call).bodyModel();
  }

  /**
   * The request's API key, else the {@code azure_ad_token} setting, else {@code AZURE_API_KEY} /
   * {@code AZURE_OPENAI_API_KEY}, else {@code AZURE_AD_TOKEN}. Keys go in {@code api-key}, tokens in
   * {@code Authorization: Bearer}.
   */
  @Override
  protected Map<String, String> authHeaders(ProviderCall call) {
    if (call.request().apiKey() != null) {
      return Map.of("api-key", call.request().apiKey());
    }
    Optional<String> token = call.setting("azure_ad_token");
    if (token.isPresent()) {
      return bearer(token.get());
    }
    Optional<String> key = call.env().first(KEY_ENV);
    if (key.isPresent()) {
      return Map.of("api-key", key.get());
    }
    return call.env().first(TOKEN_ENV).map(AzureProvider::bearer).orElseThrow(() -> new Authentication(
        "No credentials for azure: set AZURE_API_KEY (or AZURE_OPENAI_API_KEY) or AZURE_AD_TOKEN, or pass apiKey "
            + "(api_key) or the azure_ad_token setting", call.details()));
  }

  @Override
  protected ImageGateException error(ProviderCall call, HttpTransport.Response response) {
    URI uri = route(call).uri();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return AzureErrors.map(call, response, "called " + uri.getRawPath() + query);
  }

  private AzureMapping.Route route(ProviderCall call) {
    String base = call.apiBase(defaultBase(), baseEnv());
    if (base.isEmpty()) {
      throw new BadRequest("No Azure endpoint for " + call.ref() + ": set AZURE_API_BASE or pass apiBase (api_base), "
          + "e.g. https://<resource>.openai.azure.com", "api_base", call.details());
    }
    return AzureMapping.route(base, call.model(), AzureMapping.apiVersion(call));
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
