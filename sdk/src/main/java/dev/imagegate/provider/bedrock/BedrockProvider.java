package dev.imagegate.provider.bedrock;

import dev.imagegate.catalog.Catalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.FanOut;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ModelRef;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import dev.imagegate.provider.bedrock.BedrockModels.Family;
import dev.imagegate.provider.bedrock.BedrockModels.Model;
import dev.imagegate.provider.bedrock.BedrockModels.Resolved;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * AWS Bedrock runtime InvokeModel, {@code POST https://bedrock-runtime.{region}.amazonaws.com/model/{modelId}/invoke},
 * for the image models: Stability SDXL, SD3 / SD3.5 / Stable Image Ultra and Core, Amazon Titan Image Generator v1/v2,
 * Nova Canvas and Nova 2 Omni (the Messages shape). Requests are signed with SigV4 (AWS SDK signer and credential
 * providers) or carry a Bedrock API key.
 *
 * <p>Thread-safe: the only state is a cache of AWS credential providers, one per distinct credential settings.
 */
public final class BedrockProvider implements Provider {
  static final String BEARER_ENV = "AWS_BEARER_TOKEN_BEDROCK";

  private final BedrockCredentials credentials = new BedrockCredentials();

  @Override
  public String name() {
    return "bedrock";
  }

  /** The capabilities of the foundation model the call resolves to; an unknown model is a {@code NotFound}. */
  @Override
  public Capabilities capabilities(ProviderCall call) {
    return BedrockModels.resolve(call).model().capabilities().withSettings(BedrockSettings.of(call.request()));
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    Resolved resolved = BedrockModels.resolve(call);
    Model model = resolved.model();
    ObjectNode body = BedrockMapping.toBody(model, call.request(),
        call.bodyExtras(BedrockSettings.of(call.request())), call.ref().qualified());
    Endpoint endpoint = endpoint(call, resolved);
    int calls = model.family() == Family.TITAN || model.family() == Family.NOVA_CANVAS ? 1 : call.request().count();
    return FanOut.merge(calls, i -> invoke(call, model, endpoint.uri(), BedrockMapping.forCall(body, i),
        endpoint.auth()));
  }

  /**
   * Titan v2 and Nova Canvas edits (INPAINTING, OUTPAINTING, BACKGROUND_REMOVAL) and the Stability AI Image
   * Services on Bedrock (see {@link BedrockEdits}).
   */
  @Override
  public ImageResponse edit(ProviderCall call) {
    return amazonTask(call, Operation.EDIT);
  }

  /** Titan v2 and Nova Canvas IMAGE_VARIATION. */
  @Override
  public ImageResponse vary(ProviderCall call) {
    return amazonTask(call, Operation.VARIATION);
  }

  private ImageResponse amazonTask(ProviderCall call, Operation operation) {
    Resolved resolved = BedrockModels.resolve(call);
    Model model = resolved.model();
    Map<String, Object> extras = call.bodyExtras(BedrockSettings.of(call.request()));
    ObjectNode body = switch (model.family()) {
      case TITAN, NOVA_CANVAS -> BedrockEdits.toBody(model.family(), call.request(), extras, call.ref().qualified());
      case STABILITY -> {
        if (operation != Operation.EDIT) {
          throw Provider.unsupported(call, operation);
        }
        yield BedrockEdits.stabilityService(model.id(), call.request(), extras);
      }
      case SDXL, NOVA_MESSAGES -> throw Provider.unsupported(call, operation);
    };
    Endpoint endpoint = endpoint(call, resolved);
    return invoke(call, model, endpoint.uri(), body, endpoint.auth());
  }

  /** Where one call goes and how it authenticates. */
  private record Endpoint(URI uri, BedrockSigning.Authenticator auth) {
  }

  private Endpoint endpoint(ProviderCall call, Resolved resolved) {
    Optional<String> bearer = bearerToken(call);
    // A bearer key sent to an explicit endpoint is the one case that needs no region.
    String region = bearer.isPresent() && hasEndpoint(call) ? null
        : BedrockSettings.region(call, resolved.arnRegion());
    URI uri = BedrockSettings.invokeUri(BedrockSettings.endpoint(call, region), call.model());
    BedrockSigning.Authenticator auth = bearer.map(BedrockSigning::bearer)
        .orElseGet(() -> sigV4(call, region));
    return new Endpoint(uri, auth);
  }

  /**
   * The price table's name for this call: the foundation model behind a prefixed id, an ARN or {@code base_model},
   * plus the price tier where AWS's price depends on the request (see {@code prices/bedrock.json}).
   */
  @Override
  public ModelRef pricedAs(ProviderCall call) {
    return new ModelRef(name(), BedrockModels.priceKey(BedrockModels.resolve(call).model(), call.request()));
  }

  /** The foundation model's entry, also for cross-region ids, ARNs and base_model. */
  @Override
  public Optional<Catalog.Found> describedBy(ProviderCall call) {
    return call.catalog().find(name(), BedrockModels.resolve(call).model().id());
  }

  private ImageResponse invoke(ProviderCall call, Model model, URI uri, ObjectNode body,
                               BedrockSigning.Authenticator auth) {
    byte[] bytes = Json.write(body);
    Map<String, String> headers = auth.headers(uri, ProviderHttp.jsonHeaders(BedrockSettings.headers(call)), bytes);
    HttpTransport.Response response = ProviderHttp.send(call,
        new HttpTransport.Request("POST", uri, headers, bytes, call.timeout()));
    if (!response.ok()) {
      throw BedrockErrors.map(call, response);
    }
    JsonNode json = ProviderHttp.json(call, response, "a Bedrock InvokeModel response with images");
    return BedrockMapping.fromResponse(model.family(), json, ProviderHttp.detailsOf(call, response), call.model(),
        call.clock().instant().getEpochSecond());
  }

  /**
   * A Bedrock API key: the request's {@code api_key}, else {@code AWS_BEARER_TOKEN_BEDROCK} unless the call names
   * SigV4 credentials itself.
   */
  private static Optional<String> bearerToken(ProviderCall call) {
    return Optional.ofNullable(call.request().apiKey())
        .or(() -> BedrockCredentials.explicit(call) ? Optional.empty() : call.env().find(BEARER_ENV));
  }

  private static boolean hasEndpoint(ProviderCall call) {
    return call.request().apiBase() != null || call.setting(BedrockSettings.RUNTIME_ENDPOINT).isPresent()
        || call.env().find(BedrockSettings.RUNTIME_ENDPOINT_ENV).isPresent();
  }

  private BedrockSigning.Authenticator sigV4(ProviderCall call, String region) {
    AwsCredentialsIdentity identity = credentials.resolve(call, BedrockCredentials.source(call, region));
    return BedrockSigning.sigV4(identity, region, call.clock());
  }
}
