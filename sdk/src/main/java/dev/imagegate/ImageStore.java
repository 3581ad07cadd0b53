package dev.imagegate;

import java.util.Base64;

/**
 * Turns image bytes into a URL, for callers that asked for {@code url} from a provider that only returns base64.
 * The SDK's default writes {@code data:} URLs (no server needed); the gateway stores the bytes and serves them.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface ImageStore {
  String store(byte[] bytes, ImageFormat format);

  /** {@code data:image/png;base64,...} URLs. */
  static ImageStore dataUrls() {
    return (bytes, format) -> "data:" + format.mimeType() + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }
}
