package dev.imagegate.router;

import dev.imagegate.ImageRequest;
import dev.imagegate.ResponseFormat;
import dev.imagegate.Size;

/**
 * Portable parameters a deployment sets in its {@code litellm_params} ({@code n}, {@code size}, {@code quality},
 * {@code style}, {@code response_format}, {@code user}): used when the caller leaves them unset. Every field may be
 * null.
 */
public record RequestDefaults(Integer n, Size size, String quality, String style, ResponseFormat responseFormat,
                              String user) {
  public static final RequestDefaults NONE = new RequestDefaults(null, null, null, null, null, null);

  /** Fills the caller's unset portable parameters from these defaults. */
  void applyTo(ImageRequest caller, ImageRequest.Builder out) {
    if (caller.n() == null) {
      out.n(n);
    }
    if (caller.size() == null) {
      out.size(size);
    }
    if (caller.quality() == null) {
      out.quality(quality);
    }
    if (caller.style() == null) {
      out.style(style);
    }
    if (caller.responseFormat() == null) {
      out.responseFormat(responseFormat);
    }
    if (caller.user() == null) {
      out.user(user);
    }
  }
}
