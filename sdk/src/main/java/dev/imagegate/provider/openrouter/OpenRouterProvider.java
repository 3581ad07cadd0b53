package dev.imagegate.provider.openrouter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.ResponseFormat;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Allowed;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenRouter's chat completions with image output, {@code POST https://openrouter.ai/api/v1/chat/completions} with
 * {@code modalities: ["image", "text"]}. One call yields one completion's images, so {@code n > 1} is served by
 * parallel calls; {@code usage.cost} is the provider-reported cost.
 */
public final class OpenRouterProvider implements Provider {
  static final String DEFAULT_BASE = "https://openrouter.ai/api/v1";

  /** Attribution settings sent as the {@code HTTP-Referer} and {@code X-Title} headers. */
  static final Set<String> SETTINGS = Set.of("site_url", "app_name");


  @Override
  public String name() {
    return "openrouter";
  }

  @Override
  public Capabilities capabilities(ProviderCall call) {
    return call.entry().map(found -> found.entry().capabilities()).orElseGet(Capabilities::permissive)
        .withSettings(SETTINGS);
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    Map<String, String> headers = headers(call, call.requireApiKey("OPENROUTER_API_KEY"));
    URI uri = URI.create(call.apiBase(DEFAULT_BASE, "OPENROUTER_API_BASE") + "/chat/completions");
    byte[] body = Json.write(OpenRouterMapping.toBody(call.request(), call.model(), call.bodyExtras(SETTINGS),
        OpenRouterMapping.Rules.of(call)));
    return FanOut.merge(call.request().count(), i -> once(call, uri, headers, body));
  }

  /** An edit: the input images as {@code image_url} parts (base64 data URIs streamed from their source). */
  @Override
  public ImageResponse edit(ProviderCall call) {
    Map<String, String> headers = ProviderHttp.jsonHeaders(headers(call, call.requireApiKey("OPENROUTER_API_KEY")));
    URI uri = URI.create(call.apiBase(DEFAULT_BASE, "OPENROUTER_API_BASE") + "/chat/completions");
    InlineJson inline = new InlineJson();
    StreamedBody body = inline.body(OpenRouterMapping.toEditBody(call.request(), call.model(),
        call.bodyExtras(SETTINGS), OpenRouterMapping.Rules.of(call), inline));
    return FanOut.merge(call.request().count(), i -> answer(call, ProviderHttp.send(call,
        HttpTransport.Request.postStreamed(uri, headers, body, call.timeout()))));
  }

  private static Map<String, String> headers(ProviderCall call, String key) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + key);
    call.setting("site_url", "OR_SITE_URL").ifPresent(value -> headers.put("HTTP-Referer", value));
    call.setting("app_name", "OR_APP_NAME").ifPresent(value -> headers.put("X-Title", value));
    return headers;
  }

  private ImageResponse once(ProviderCall call, URI uri, Map<String, String> headers, byte[] body) {
    return answer(call, ProviderHttp.postJson(call, uri, headers, body));
  }

  private ImageResponse answer(ProviderCall call, HttpTransport.Response response) {
    if (!response.ok()) {
      throw OpenRouterErrors.map(call, response);
    }
    JsonNode json = ProviderHttp.json(call, response, "a chat completion with images");
    if (json.path("error").isObject() && !json.path("choices").isArray()) {
      throw OpenRouterErrors.inBody(call, response, json.path("error"));
    }
    OpenRouterWire.ChatResponse wire = read(call, response, json);
    List<ImageData> images;
    try {
      images = OpenRouterMapping.images(wire, imageUri -> ProviderHttp.download(call, imageUri));
    } catch (IllegalArgumentException e) {
      throw protocol(call, response, e.getMessage(), e);
    }
    if (images.isEmpty()) {
      throw noImages(call, response, wire);
    }
    return OpenRouterMapping.toResponse(wire, images, call.model(), call.clock().instant().getEpochSecond());
  }

  private static OpenRouterWire.ChatResponse read(ProviderCall call, HttpTransport.Response response,
                                                  JsonNode json) {
    try {
      return Json.MAPPER.treeToValue(json, OpenRouterWire.ChatResponse.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw protocol(call, response, "a chat completion object", e);
    }
  }

  /** No image: the refusal when the answer says so, a choice's own error, else a protocol failure. */
  private static ImageGateException noImages(ProviderCall call, HttpTransport.Response response,
                                              OpenRouterWire.ChatResponse wire) {
    Optional<String> refusal = OpenRouterMapping.refusal(wire);
    if (refusal.isPresent()) {
      return new ContentPolicyViolation("openrouter returned no image: " + refusal.get(),
          ProviderHttp.detailsOf(call, response, refusal.get()));
    }
    for (OpenRouterWire.Choice choice : wire.choices() == null ? List.<OpenRouterWire.Choice>of() : wire.choices()) {
      if (choice != null && choice.error() != null && choice.error().isObject()) {
        return OpenRouterErrors.inBody(call, response, choice.error());
      }
    }
    String said = OpenRouterMapping.content(wire);
    return protocol(call, response, "choices[].message.images with at least one image (is "
        + call.model() + " an image model?)" + (said == null ? "" : "; the model wrote: " + shorten(said)), null);
  }

  private static UpstreamProtocol protocol(ProviderCall call, HttpTransport.Response response, String expected,
                                           Throwable cause) {
    return new UpstreamProtocol("openrouter answered HTTP " + response.status() + " without images: expected "
        + expected + ", got " + ProviderHttp.snippet(response.body()), ProviderHttp.detailsOf(call, response), cause);
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return "'" + (flat.length() > 200 ? flat.substring(0, 200) + "..." : flat) + "'";
  }
}
