package dev.imagegate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageResponse;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.FanOut;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.InlineJson;
import dev.imagegate.provider.StreamedBody;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A front door to Google's image models: Imagen through {@code {base}/models/{model}:predict} and Gemini image models
 * through {@code {base}/models/{model}:generateContent}. Subclasses say where the base is and how a call
 * authenticates; the bodies, answers and errors are the same behind both doors.
 */
public abstract class GoogleShapedProvider implements Provider {
  private static final System.Logger LOG = System.getLogger(GoogleShapedProvider.class.getName());

  /**
   * Where the calls of one request go.
   *
   * @param base the URL before {@code /models/{model}:method}
   * @param headers the auth headers
   */
  protected record Target(String base, Map<String, String> headers) {
    public Target {
      headers = Map.copyOf(headers);
    }
  }

  protected abstract GoogleModel.FrontDoor frontDoor();

  /** Keys read from extras as settings of this provider and never forwarded. */
  protected abstract Set<String> settings();

  /** Resolves the base and the credentials for one request (once, even when n > 1 needs several calls). */
  protected abstract Target target(ProviderCall call);

  /** The model behind {@code call}; a name in neither family is NotFound. */
  protected GoogleModel model(ProviderCall call) {
    return GoogleModel.of(name(), call.model(), call.catalog());
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return model(call).capabilities().withSettings(settings());
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    GoogleModel model = model(call);
    warnIfApproximate(call, model);
    Target target = target(call);
    Map<String, Object> extras = call.bodyExtras(settings());
    return switch (model.family()) {
      case IMAGEN -> send(call, target, model, ImagenMapping.toBody(call.request(), model, extras));
      case GEMINI_IMAGE -> {
        ObjectNode body = GeminiImageMapping.toBody(call.request(), model, extras);
        yield FanOut.merge(call.request().count(), i -> send(call, target, model, body));
      }
    };
  }

  /**
   * An edit of a Gemini image model: the input images as {@code inlineData} parts of {@code generateContent},
   * streamed as base64 from their source; n > 1 is served with parallel calls, as for generate. Imagen models serve
   * no edits here (their capabilities say so, and the check refuses before this is reached).
   */
  @Override
  public ImageResponse edit(ProviderCall call) {
    GoogleModel model = model(call);
    if (model.family() != GoogleModel.Family.GEMINI_IMAGE) {
      throw Provider.unsupported(call, dev.imagegate.Operation.EDIT);
    }
    Target target = target(call);
    InlineJson inline = new InlineJson();
    StreamedBody body = inline.body(GeminiImageMapping.toEditBody(call.request(), model,
        call.bodyExtras(settings()), inline));
    URI uri = uri(target, model);
    Map<String, String> headers = ProviderHttp.jsonHeaders(target.headers());
    return FanOut.merge(call.request().count(), i -> answer(call, model, ProviderHttp.send(call,
        HttpTransport.Request.postStreamed(uri, headers, body, call.timeout()))));
  }

  private static URI uri(Target target, GoogleModel model) {
    return URI.create(target.base() + "/models/" + model.name() + ":" + model.family().method());
  }

  private ImageResponse send(ProviderCall call, Target target, GoogleModel model, ObjectNode body) {
    HttpTransport.Response response = ProviderHttp.postJson(call, uri(target, model), target.headers(),
        Json.write(body));
    return answer(call, model, response);
  }

  private ImageResponse answer(ProviderCall call, GoogleModel model, HttpTransport.Response response) {
    if (!response.ok()) {
      throw GoogleErrors.map(call, response);
    }
    JsonNode json = ProviderHttp.json(call, response, "a " + model.family().method() + " response");
    long now = call.clock().instant().getEpochSecond();
    GoogleOutcome outcome = switch (model.family()) {
      case IMAGEN -> ImagenMapping.fromResponse(json, name(), call.model(), now);
      case GEMINI_IMAGE -> GeminiImageMapping.fromResponse(json, name(), call.model(), now);
    };
    return unwrap(call, response, outcome);
  }

  private ImageResponse unwrap(ProviderCall call, HttpTransport.Response response, GoogleOutcome outcome) {
    return switch (outcome) {
      case GoogleOutcome.Images images -> {
        warnIfFewer(call, images);
        yield images.response();
      }
      case GoogleOutcome.Refused refused -> throw new ContentPolicyViolation(name() + " refused to generate the "
          + "image: " + refused.reason(), ProviderHttp.detailsOf(call, response, refused.reason()));
      case GoogleOutcome.Malformed malformed -> throw new UpstreamProtocol(name() + " answered HTTP "
          + response.status() + " without images: expected " + malformed.expected() + ", got "
          + ProviderHttp.snippet(response.body()), ProviderHttp.detailsOf(call, response), null);
    };
  }

  private void warnIfApproximate(ProviderCall call, GoogleModel model) {
    GoogleModel.AspectRatio ratio = model.aspectRatio(call.request().size());
    if (ratio != null && ratio.approximate()) {
      LOG.log(System.Logger.Level.WARNING, "{0}/{1} has no aspect ratio for size {2}: sending the nearest, {3}",
          name(), call.model(), call.request().size().wire(), ratio.ratio());
    }
  }

  private void warnIfFewer(ProviderCall call, GoogleOutcome.Images images) {
    int asked = call.request().count();
    int got = images.response().data().size();
    if (got < asked && model(call).family() == GoogleModel.Family.IMAGEN) {
      LOG.log(System.Logger.Level.WARNING, "{0}/{1} returned {2} of {3} images; the rest were filtered{4}",
          name(), call.model(), got, asked,
          images.filteredReasons().isEmpty() ? "" : ": " + String.join("; ", images.filteredReasons()));
    }
  }
}
