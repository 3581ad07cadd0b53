package dev.imagegate.provider;

import dev.imagegate.catalog.Catalog;
import dev.imagegate.error.NotFound;
import dev.imagegate.provider.azure.AzureProvider;
import dev.imagegate.provider.bedrock.BedrockProvider;
import dev.imagegate.provider.gemini.GeminiProvider;
import dev.imagegate.provider.mock.MockProvider;
import dev.imagegate.provider.nscale.NscaleProvider;
import dev.imagegate.provider.openai.OpenAiProvider;
import dev.imagegate.provider.openrouter.OpenRouterProvider;
import dev.imagegate.provider.recraft.RecraftProvider;
import dev.imagegate.provider.vertex.VertexProvider;
import dev.imagegate.provider.xinference.XinferenceProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The providers imagegate knows, as an explicit list (no classpath scanning), and the bare model names that map to
 * them: OpenAI's catalogued models and their dated snapshots (family patterns). Adding a provider is one line here.
 * Immutable.
 */
public final class ProviderRegistry {
  /** The optional artifacts, at the versions the SDK is built and tested with (its parent pom's properties). */
  static final String GOOGLE_AUTH = "com.google.auth:google-auth-library-oauth2-http:1.57.0";
  static final List<String> AWS = List.of("software.amazon.awssdk:http-auth-aws:2.40.2",
      "software.amazon.awssdk:auth:2.40.2", "software.amazon.awssdk:regions:2.40.2", "software.amazon.awssdk:sts:2.40.2",
      "software.amazon.awssdk:url-connection-client:2.40.2");

  private final Map<String, Provider> providers;
  private final Catalog catalog;
  private final Map<String, String> bareNames;

  private ProviderRegistry(Map<String, Provider> providers, Catalog catalog) {
    this.providers = Map.copyOf(providers);
    this.catalog = catalog;
    Map<String, String> bare = new LinkedHashMap<>();
    catalog.known("openai").forEach(model -> bare.put(model, "openai"));
    this.bareNames = Map.copyOf(bare);
  }

  /** Every built-in provider. */
  public static ProviderRegistry standard() {
    List<Provider> all = List.of(
        new OpenAiProvider(),
        new XinferenceProvider(),
        new NscaleProvider(),
        new RecraftProvider(),
        new AzureProvider(),
        new OpenRouterProvider(),
        new GeminiProvider(),
        vertex(),
        bedrock(),
        new MockProvider());
    Map<String, Provider> byName = new LinkedHashMap<>();
    all.forEach(p -> byName.put(p.name(), p));
    return new ProviderRegistry(byName, Catalog.bundled());
  }

  /** Vertex AI, when google-auth-library is on the classpath (an optional dependency of the SDK). */
  private static Provider vertex() {
    return MissingLibraryProvider.present("com.google.auth.oauth2.GoogleCredentials")
        ? newVertex() : new MissingLibraryProvider("vertex_ai", List.of(GOOGLE_AUTH));
  }

  /** Bedrock, when the AWS SDK's signer, credentials, regions, STS and HTTP client are on the classpath (optional). */
  private static Provider bedrock() {
    return MissingLibraryProvider.present("software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner",
        "software.amazon.awssdk.auth.credentials.AwsCredentialsProvider", "software.amazon.awssdk.regions.Region",
        "software.amazon.awssdk.services.sts.StsClient", "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient")
        ? newBedrock() : new MissingLibraryProvider("bedrock", AWS);
  }

  // Separate methods, so that the provider classes (which link against the optional libraries) load only when called.
  private static Provider newVertex() {
    return new VertexProvider();
  }

  private static Provider newBedrock() {
    return new BedrockProvider();
  }

  /** This registry plus {@code provider} (replacing one of the same name). */
  public ProviderRegistry with(Provider provider) {
    Map<String, Provider> copy = new LinkedHashMap<>(providers);
    copy.put(provider.name(), provider);
    return new ProviderRegistry(copy, catalog);
  }

  /** This registry with bare model names taken from {@code newCatalog} (e.g. one with an operator's entries). */
  public ProviderRegistry withCatalog(Catalog newCatalog) {
    return new ProviderRegistry(providers, newCatalog);
  }

  public Set<String> names() {
    return providers.keySet();
  }

  /** Parses a model string against the known providers and bare names. */
  public ModelRef resolve(String model, String customProvider) {
    if (customProvider == null && model.indexOf('/') < 0 && !bareNames.containsKey(model)
        && catalog.find("openai", model).isPresent()) {
      return new ModelRef("openai", model);
    }
    return ModelRef.parse(model, customProvider, providers.keySet(), bareNames);
  }

  public Provider get(String name) {
    Provider provider = providers.get(name);
    if (provider == null) {
      throw new NotFound("Unknown provider '" + name + "'. Known providers: " + String.join(", ", names()), null);
    }
    return provider;
  }
}
