package dev.imagegate.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegate.ImageData;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.Size;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.provider.Capabilities;
import dev.imagegate.provider.HttpTransport;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.Multipart;
import dev.imagegate.provider.PartialImages;
import dev.imagegate.provider.Provider;
import dev.imagegate.provider.ProviderCall;
import dev.imagegate.provider.ProviderHttp;
import dev.imagegate.provider.ServerSentEvents;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A provider that speaks OpenAI's {@code POST .../images/generations} with a bearer key: OpenAI itself and the
 * servers that copy it. Subclasses say where the server is, which env vars hold its key and base, and what its models
 * accept. Models whose catalogue entry says {@code streaming} are streamed with OpenAI's {@code stream: true}
 * (server-sent image events) when the caller streams.
 */
public abstract class OpenAiShapedProvider implements Provider {
  /** The most of an error answer to a streamed request that is read: enough for any error body. */
  static final int ERROR_BODY_LIMIT = 1 << 20;

  /** Env vars holding the API key, in lookup order. */
  protected abstract String[] keyEnv();

  /** Whether a call without a key is refused before sending. */
  protected boolean keyRequired(ProviderCall call) {
    return true;
  }

  /** Env vars holding the base URL, in lookup order. */
  protected abstract String[] baseEnv();

  protected abstract String defaultBase();

  /** The path after the base URL. */
  protected String path() {
    return "/images/generations";
  }

  /** The size as this server spells it. */
  protected String sizeOnWire(Size size) {
    return size.wire();
  }

  /** Headers beyond auth and the standard ones (e.g. OpenAI-Organization). */
  protected Map<String, String> extraHeaders(ProviderCall call) {
    return Map.of();
  }

  /** Where the request goes: by default the base URL (request, env, {@link #defaultBase()}) plus {@link #path()}. */
  protected URI endpoint(ProviderCall call) {
    return URI.create(call.apiBase(defaultBase(), baseEnv()) + path());
  }

  /**
   * The credential headers: by default {@code Authorization: Bearer <key>} with the key from the request or
   * {@link #keyEnv()}; none when no key is set and {@link #keyRequired} says none is needed.
   */
  protected Map<String, String> authHeaders(ProviderCall call) {
    Optional<String> key = keyRequired(call) ? Optional.of(call.requireApiKey(keyEnv()))
        : call.optionalApiKey(keyEnv());
    return key.map(value -> Map.of("Authorization", "Bearer " + value)).orElse(Map.of());
  }

  /** The {@code model} written in the body, or null to leave it out (the URL names the model). */
  protected String wireModel(ProviderCall call) {
    return call.model();
  }

  /** The provider-native fields written into the body: by default every extra but the settings, top level. */
  protected Map<String, Object> bodyExtras(ProviderCall call, Capabilities caps) {
    return call.bodyExtras(caps.settings());
  }

  /** Maps a non-2xx answer to a typed exception; by default OpenAI's error table. */
  protected ImageGateException error(ProviderCall call, HttpTransport.Response response) {
    return OpenAiErrors.map(call, response);
  }

  @Override
  public ImageResponse generate(ProviderCall call) {
    Capabilities caps = capabilities(call);
    Map<String, String> headers = new LinkedHashMap<>(authHeaders(call));
    headers.putAll(extraHeaders(call));
    byte[] body = Json.write(OpenAiMapping.toBody(call.request(), wireModel(call), caps, this::sizeOnWire,
        bodyExtras(call, caps)));
    HttpTransport.Response response = ProviderHttp.postJson(call, endpoint(call), headers, body);
    if (!response.ok()) {
      throw error(call, response);
    }
    return parse(call, response);
  }

  /**
   * An edit: OpenAI's multipart {@code POST .../images/edits}, the images streamed from their source. Providers that
   * serve edits say so in their capabilities; {@link #check} has already refused anything else.
   */
  @Override
  public ImageResponse edit(ProviderCall call) {
    return sendForm(call, editEndpoint(call));
  }

  /** A variation: OpenAI's multipart {@code POST .../images/variations}. */
  @Override
  public ImageResponse vary(ProviderCall call) {
    return sendForm(call, variationEndpoint(call));
  }

  /** Where edits go: by default the base URL plus {@code /images/edits}. */
  protected URI editEndpoint(ProviderCall call) {
    return sibling(endpoint(call), "/images/edits");
  }

  /** Where variations go: by default the base URL plus {@code /images/variations}. */
  protected URI variationEndpoint(ProviderCall call) {
    return sibling(endpoint(call), "/images/variations");
  }

  /** The form for an edit or variation; by default OpenAI's ({@link OpenAiMapping#toForm}). */
  protected Multipart form(ProviderCall call, Capabilities caps) {
    return OpenAiMapping.toForm(call.request(), wireModel(call), caps, this::sizeOnWire, bodyExtras(call, caps),
        new Multipart());
  }

  /** {@code generations} replaced by {@code path}'s last segment in the generate URI, keeping any query. */
  protected static URI sibling(URI generate, String path) {
    String text = generate.toString();
    int at = text.lastIndexOf("/images/generations");
    if (at < 0) {
      return URI.create(text + path);
    }
    return URI.create(text.substring(0, at) + path + text.substring(at + "/images/generations".length()));
  }

  private ImageResponse sendForm(ProviderCall call, URI uri) {
    Capabilities caps = capabilities(call);
    Multipart form = form(call, caps);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", form.contentType());
    headers.put("Accept", "application/json");
    headers.put("User-Agent", ProviderHttp.USER_AGENT);
    headers.putAll(authHeaders(call));
    headers.putAll(extraHeaders(call));
    HttpTransport.Response response = ProviderHttp.send(call,
        HttpTransport.Request.postStreamed(uri, headers, form.body(), call.timeout()));
    if (!response.ok()) {
      throw error(call, response);
    }
    return parse(call, response);
  }

  /** Whether the call's model streams natively: its catalogue entry ({@link #describedBy}) says {@code streaming}. */
  @Override
  public boolean streams(ProviderCall call) {
    return describedBy(call).map(found -> found.entry().streams()).orElse(false);
  }

  /**
   * A generation or edit with {@code stream: true} and {@code partial_images} when the model streams
   * ({@link #streams}), else the ordinary call. Each partial image goes to {@code partials} as its event arrives; the
   * answer is read from the completed events (see {@link OpenAiStreamReader}). An error status before the stream is
   * mapped as for the ordinary call, and a JSON answer (a server that ignored {@code stream}) is read as one. The
   * upstream answer is always closed, so a {@code Cancelled} thrown by {@code partials} abandons the request.
   */
  @Override
  public ImageResponse performStreaming(ProviderCall call, PartialImages partials) {
    if (!streams(call) || call.request().operation() == Operation.VARIATION) {
      return perform(call);
    }
    HttpTransport.Request request = streamingRequest(call, partials.wanted());
    HttpTransport.Streamed answer = ProviderHttp.stream(call, request);
    try {
      HttpTransport.Response head = new HttpTransport.Response(answer.status(), answer.headers(), null);
      if (!answer.ok()) {
        throw error(call, answer.readWhole(ERROR_BODY_LIMIT));
      }
      if (isJson(answer)) {
        return parse(call, new HttpTransport.Response(answer.status(), answer.headers(), answer.body().readAllBytes()));
      }
      return new OpenAiStreamReader(call, name(), partials, head, response -> error(call, response))
          .read(new ServerSentEvents(answer.body()), answer.holding());
    } catch (IOException e) {
      throw ProviderHttp.failure(call, request, e);
    } finally {
      closeQuietly(answer);
    }
  }

  /**
   * The streamed request: the generation body or the edit form with {@code stream: true} and
   * {@code partial_images}, asking for {@code text/event-stream}.
   */
  private HttpTransport.Request streamingRequest(ProviderCall call, int partialImages) {
    Capabilities caps = capabilities(call);
    Map<String, String> auth = new LinkedHashMap<>(authHeaders(call));
    auth.putAll(extraHeaders(call));
    if (call.request().operation() == Operation.EDIT) {
      Multipart form = OpenAiMapping.toForm(call.request(), wireModel(call), caps, this::sizeOnWire,
          bodyExtras(call, caps), new Multipart().field("stream", "true")
              .field("partial_images", Integer.toString(partialImages)));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", form.contentType());
      headers.put("Accept", "text/event-stream");
      headers.put("User-Agent", ProviderHttp.USER_AGENT);
      headers.putAll(auth);
      return HttpTransport.Request.postStreamed(editEndpoint(call), headers, form.body(), call.timeout());
    }
    ObjectNode body = OpenAiMapping.toBody(call.request(), wireModel(call), caps, this::sizeOnWire,
        bodyExtras(call, caps));
    body.put("stream", true);
    body.put("partial_images", partialImages);
    Map<String, String> headers = ProviderHttp.jsonHeaders(auth);
    headers.put("Accept", "text/event-stream");
    return HttpTransport.Request.postJson(endpoint(call), headers, Json.write(body), call.timeout());
  }

  private static boolean isJson(HttpTransport.Streamed answer) {
    String type = answer.header("content-type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  private static void closeQuietly(HttpTransport.Streamed answer) {
    try {
      answer.close();
    } catch (IOException ignored) {
      // the answer was read, or the call failed already: nothing more to report
    }
  }

  /** Maps a 2xx answer, or throws {@link UpstreamProtocol} saying what was expected. */
  protected ImageResponse parse(ProviderCall call, HttpTransport.Response response) {
    ImageData.Fetcher fetcher = uri -> ProviderHttp.download(call, uri);
    try {
      return OpenAiMapping.fromBody(response.body(), name(), call.model(), call.clock().instant().getEpochSecond(),
          fetcher);
    } catch (IOException e) {
      throw new UpstreamProtocol(name() + " answered HTTP " + response.status() + " with a body that is not valid "
          + "JSON (expected an images response with a data array): " + ProviderHttp.snippet(response.body()),
          ProviderHttp.detailsOf(call, response), e);
    } catch (IllegalArgumentException e) {
      throw new UpstreamProtocol(name() + " answered HTTP " + response.status() + " without images: expected "
          + e.getMessage() + ", got " + ProviderHttp.snippet(response.body()),
          ProviderHttp.detailsOf(call, response), e);
    }
  }
}
