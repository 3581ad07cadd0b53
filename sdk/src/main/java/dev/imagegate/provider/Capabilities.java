package dev.imagegate.provider;

import dev.imagegate.ImageRequest;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What one model accepts, as data: the router never sends a call a deployment cannot serve, and the gateway rejects
 * bad parameters before money is spent.
 *
 * @param minN smallest {@code n}
 * @param maxN largest {@code n} served (providers that take one image per call serve more with parallel calls)
 * @param sizes sizes in OpenAI spelling ({@code 1024x1024}, {@code 16:9}, {@code auto})
 * @param nativeFormats the response formats the provider can return itself; the SDK converts to the other
 * @param sendsResponseFormat whether {@code response_format} goes on the wire (gpt-image models reject it)
 * @param user whether the provider takes {@code user}
 * @param nativeExtras the documented provider-native fields (informational: every extra is forwarded)
 * @param settings keys read from {@code extras} as provider settings and never forwarded into the body
 * @param refusedValues values of native extras the model refuses ({@code background: transparent} on gpt-image-2):
 *     a {@link BadRequest} before anything is sent
 */
public record Capabilities(int minN, int maxN, Allowed sizes, Allowed qualities, Allowed styles,
                           Set<ResponseFormat> nativeFormats, boolean sendsResponseFormat, boolean user,
                           Set<String> nativeExtras, Set<String> settings, Map<String, Set<String>> refusedValues) {

  public Capabilities {
    if (minN < 1 || maxN < minN) {
      throw new IllegalArgumentException("bad n range " + minN + ".." + maxN);
    }
    nativeFormats = nativeFormats.isEmpty() ? EnumSet.noneOf(ResponseFormat.class) : EnumSet.copyOf(nativeFormats);
    nativeExtras = Set.copyOf(nativeExtras);
    settings = Set.copyOf(settings);
    refusedValues = refusedValues == null ? Map.of() : Map.copyOf(refusedValues);
  }

  public Capabilities(int minN, int maxN, Allowed sizes, Allowed qualities, Allowed styles,
                      Set<ResponseFormat> nativeFormats, boolean sendsResponseFormat, boolean user,
                      Set<String> nativeExtras, Set<String> settings) {
    this(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user, nativeExtras, settings,
        Map.of());
  }

  /** Anything goes: for OpenAI-compatible servers whose models we cannot know. */
  public static Capabilities permissive() {
    return new Capabilities(1, 10, Allowed.ANY, Allowed.ANY, Allowed.ANY,
        EnumSet.allOf(ResponseFormat.class), true, true, Set.of(), Set.of());
  }

  public Capabilities withSettings(Set<String> newSettings) {
    return new Capabilities(minN, maxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user,
        nativeExtras, newSettings, refusedValues);
  }

  public Capabilities withMaxN(int newMaxN) {
    return new Capabilities(minN, newMaxN, sizes, qualities, styles, nativeFormats, sendsResponseFormat, user,
        nativeExtras, settings, refusedValues);
  }

  /**
   * Checks {@code request} against these capabilities for {@code model}. Returns the request to send: unchanged, or
   * with unsupported portable parameters removed when {@code dropParams} is set. Otherwise a parameter the model
   * cannot take is a {@link BadRequest} naming it and the allowed values.
   */
  public ImageRequest check(ImageRequest request, String model) {
    ImageRequest.Builder out = request.toBuilder();
    boolean changed = false;
    boolean drop = request.dropParams();
    if (request.n() != null && (request.n() < minN || request.n() > maxN)) {
      reject(drop, "n", "Invalid n " + request.n() + " for " + model + ": allowed "
          + (minN == maxN ? "only " + minN : minN + ".." + maxN));
      out.n(null);
      changed = true;
    }
    if (request.size() != null && !sizes.accepts(request.size().wire())) {
      reject(drop, "size", "Invalid size '" + request.size().wire() + "' for " + model + ": allowed values are "
          + sizes.describe());
      out.size((Size) null);
      changed = true;
    }
    if (request.quality() != null && !qualities.accepts(request.quality())) {
      reject(drop, "quality", "Invalid quality '" + request.quality() + "' for " + model + ": allowed values are "
          + qualities.describe());
      out.quality(null);
      changed = true;
    }
    if (request.style() != null && !styles.accepts(request.style())) {
      reject(drop, "style", "Invalid style '" + request.style() + "' for " + model + ": allowed values are "
          + styles.describe());
      out.style(null);
      changed = true;
    }
    if (request.user() != null && !user) {
      reject(drop, "user", "user is not supported by " + model);
      out.user(null);
      changed = true;
    }
    refusedValues.forEach((param, refused) -> {
      Object value = request.extras().get(param);
      if (value != null && (refused.contains("*") || refused.contains(value.toString()))) {
        throw new BadRequest("Invalid " + param + " '" + value + "' for " + model + ": this model does not take "
            + (refused.contains("*") ? param : param + " " + value), param, ImageGateException.Details.NONE);
      }
    });
    if (request.user() == null && request.endUser() != null && user) {
      out.user(request.endUser());
      changed = true;
    }
    return changed ? out.build() : request;
  }

  private static void reject(boolean drop, String param, String message) {
    if (!drop) {
      throw new BadRequest(message + " (set drop_params to drop unsupported parameters instead)", param,
          ImageGateException.Details.NONE);
    }
  }
}
