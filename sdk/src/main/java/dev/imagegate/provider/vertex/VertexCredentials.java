package dev.imagegate.provider.vertex;

import com.google.auth.Retryable;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.UpstreamUnavailable;
import dev.imagegate.provider.ProviderCall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Google OAuth2 for Vertex AI through google-auth-library: loads credentials from a {@link CredentialSource}, scoped
 * to {@code cloud-platform}, and keeps one credentials object per source so the library's cached access token is
 * reused and refreshed only near expiry. The library's own retries are off: retries belong to the router.
 * Thread-safe.
 */
final class VertexCredentials {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** Loads Application Default Credentials; replaced in tests so they never look for gcloud or a metadata server. */
  @FunctionalInterface
  interface DefaultLoader {
    GoogleCredentials load() throws IOException;
  }

  private final DefaultLoader defaults;
  private final ConcurrentMap<String, GoogleCredentials> cache = new ConcurrentHashMap<>();

  VertexCredentials(DefaultLoader defaults) {
    this.defaults = defaults;
  }

  /** The cached credentials for {@code source}, loading them on first use. */
  GoogleCredentials credentials(ProviderCall call, CredentialSource source) {
    return cache.computeIfAbsent(source.key(), key -> load(call, source));
  }

  /** A valid access token, refreshed by the library when missing or about to expire. */
  String accessToken(ProviderCall call, CredentialSource source, GoogleCredentials credentials) {
    try {
      credentials.refreshIfExpired();
      AccessToken token = credentials.getAccessToken();
      if (token == null || token.getTokenValue() == null) {
        throw new IOException("the credentials produced no access token");
      }
      return token.getTokenValue();
    } catch (IOException e) {
      ImageGateException.Details details = call.details();
      String message = "Could not get a Google access token for " + call.provider() + " from " + source + ": "
          + e.getMessage();
      if (e instanceof Retryable retryable && retryable.isRetryable()) {
        throw new UpstreamUnavailable(message, 502, details, e);
      }
      throw new Authentication(message, details, e);
    }
  }

  private GoogleCredentials load(ProviderCall call, CredentialSource source) {
    try {
      GoogleCredentials loaded = switch (source) {
        case CredentialSource.Inline inline -> fromStream(
            new ByteArrayInputStream(inline.json().getBytes(StandardCharsets.UTF_8)));
        case CredentialSource.File file -> fromFile(file);
        case CredentialSource.ApplicationDefault adc -> defaults.load();
      };
      return loaded.createScoped(List.of(SCOPE)).createWithCustomRetryStrategy(false);
    } catch (IOException e) {
      if (source instanceof CredentialSource.ApplicationDefault) {
        throw new Authentication("No Google credentials for " + call.provider() + ": pass vertex_credentials "
            + "(service-account JSON or a path to it), set GOOGLE_APPLICATION_CREDENTIALS, or run "
            + "'gcloud auth application-default login' (" + e.getMessage() + ")", call.details(), e);
      }
      throw new BadRequest(source + " is not a usable Google credential: " + e.getMessage(),
          CredentialSource.SETTING, call.details());
    }
  }

  private static GoogleCredentials fromFile(CredentialSource.File file) throws IOException {
    if (!Files.isRegularFile(file.path()) || !Files.isReadable(file.path())) {
      throw new IOException("no readable file there; pass service-account JSON text or the path to its file");
    }
    try (InputStream in = Files.newInputStream(file.path())) {
      return fromStream(in);
    }
  }

  private static GoogleCredentials fromStream(InputStream in) throws IOException {
    return GoogleCredentials.fromStream(in);
  }
}
