package dev.imagegate.provider.azure;

import dev.imagegate.catalog.Catalog;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.ProviderCall;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure functions for Azure OpenAI: which URL a call goes to, which api-version it uses, and which OpenAI model a
 * deployment runs (for capabilities and prices). The request and response bodies are OpenAI's.
 */
final class AzureMapping {
  /**
   * The api-version used when none is given (request, {@code api_version} setting, {@code AZURE_API_VERSION}): the
   * first version that serves both dall-e-3 and gpt-image-1 on the deployment route.
   */
  static final String DEFAULT_API_VERSION = "2025-04-01-preview";

  /**
   * Versions before this one generated images through the asynchronous dall-e-2 flow ({@code :submit} then polling
   * {@code operation-location}), which imagegate does not implement.
   */
  static final String FIRST_SYNC_VERSION = "2023-12-01-preview";

  /** api-version values that select Azure's v1 route ({@code /openai/v1/images/generations}). */
  static final Set<String> V1_VERSIONS = Set.of("v1", "preview");

  /** Keys read from extras as Azure settings, never forwarded into the body. */
  static final Set<String> SETTINGS = Set.of("base_model", "azure_ad_token", "api_version");

  private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.-]+");
  private static final Pattern DATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");
  private static final String DEPLOYMENTS = "/openai/deployments/";
  private static final String V1 = "/openai/v1";

  private AzureMapping() {
  }

  /** Where one call goes, and the {@code model} its body carries (null on the deployment route: the URL names it). */
  record Route(URI uri, String bodyModel) {
  }

  /**
   * The route for {@code deployment} at {@code base}. A base that already holds {@code /openai/deployments/<name>} is
   * used as given (completed with {@code /images/generations} and the api-version when missing); api-version
   * {@code v1}/{@code preview} or a base ending in {@code /openai/v1} select the v1 route with the deployment in the
   * body; anything else is {@code {base}/openai/deployments/{deployment}/images/generations?api-version=...}.
   *
   * @throws BadRequest for a deployment name or api-version Azure cannot take
   */
  static Route route(String base, String deployment, String apiVersion) {
    String root = base.endsWith("/openai") ? base.substring(0, base.length() - "/openai".length()) : base;
    if (!VERSION.matcher(apiVersion).matches()) {
      throw bad("Invalid api_version '" + apiVersion + "': expected a version such as " + DEFAULT_API_VERSION
          + " or v1", "api_version");
    }
    if (root.contains(DEPLOYMENTS)) {
      return new Route(URI.create(givenDeployment(root, checkedVersion(apiVersion))), null);
    }
    if (V1_VERSIONS.contains(apiVersion) || root.endsWith(V1)) {
      String v1 = root.endsWith(V1) ? root : root + V1;
      String query = "preview".equals(apiVersion) ? "?api-version=preview" : "";
      return new Route(URI.create(v1 + "/images/generations" + query), deployment);
    }
    if (!DEPLOYMENT.matcher(deployment).matches()) {
      throw bad("Invalid Azure deployment name '" + deployment + "': use letters, digits, '.', '_' and '-' "
          + "(write azure/<deployment>)", "model");
    }
    return new Route(URI.create(root + DEPLOYMENTS + deployment + "/images/generations?api-version="
        + checkedVersion(apiVersion)), null);
  }

  /** The api-version: the request's, else the {@code api_version} setting, else env, else the default. */
  static String apiVersion(ProviderCall call) {
    return Optional.ofNullable(call.request().apiVersion())
        .or(() -> call.setting("api_version", "AZURE_API_VERSION"))
        .orElse(DEFAULT_API_VERSION);
  }

  /**
   * The OpenAI model a deployment runs: the {@code base_model} setting (an {@code azure/} or {@code openai/} prefix is
   * dropped), else the deployment name when it is a known model name, else empty (unknown: permissive capabilities
   * and no price).
   */
  static Optional<String> baseModel(Optional<String> setting, String deployment) {
    return baseModel(setting, deployment, Catalog.bundled());
  }

  static Optional<String> baseModel(Optional<String> setting, String deployment, Catalog catalog) {
    if (setting.isPresent()) {
      String name = setting.get().trim();
      for (String prefix : new String[] {"azure/", "openai/"}) {
        if (name.startsWith(prefix)) {
          name = name.substring(prefix.length());
        }
      }
      return Optional.of(name);
    }
    String lower = deployment.toLowerCase(Locale.ROOT);
    return catalog.find("azure", lower).isPresent() ? Optional.of(lower) : Optional.empty();
  }

  static Optional<String> baseModel(ProviderCall call) {
    return baseModel(call.setting("base_model"), call.model(), call.catalog());
  }

  /**
   * The base model's capabilities from its {@code azure/} catalogue entry (Azure's own facts: no webp, its own
   * dates), else permissive, with Azure's settings.
   */
  static Capabilities capabilities(ProviderCall call) {
    return baseModel(call).flatMap(base -> call.catalog().find("azure", base))
        .map(found -> found.entry().capabilities()).orElseGet(AzureMapping::unknownModel).withSettings(SETTINGS);
  }

  /** A deployment of a model we cannot name: anything goes, edits included (Azure serves no variations). */
  private static Capabilities unknownModel() {
    return Capabilities.permissive().withOperation(dev.imagegate.Operation.EDIT,
        dev.imagegate.provider.InputLimits.PERMISSIVE);
  }

  private static String givenDeployment(String url, String apiVersion) {
    int mark = url.indexOf('?');
    String path = mark < 0 ? url : url.substring(0, mark);
    String query = mark < 0 ? "" : url.substring(mark + 1);
    path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (!path.endsWith("/images/generations")) {
      path += "/images/generations";
    }
    if (!query.contains("api-version=")) {
      query = query.isEmpty() ? "api-version=" + apiVersion : query + "&api-version=" + apiVersion;
    }
    return path + "?" + query;
  }

  private static String checkedVersion(String apiVersion) {
    if (DATED.matcher(apiVersion).matches() && apiVersion.compareTo(FIRST_SYNC_VERSION) < 0) {
      throw bad("api_version " + apiVersion + " predates Azure's synchronous images API: it used the asynchronous "
          + "dall-e-2 flow (submit and poll), which imagegate does not implement. Use " + FIRST_SYNC_VERSION
          + " or later (default " + DEFAULT_API_VERSION + ")", "api_version");
    }
    return apiVersion;
  }

  private static BadRequest bad(String message, String param) {
    return new BadRequest(message, param, ImageGateException.Details.of("azure"));
  }
}
