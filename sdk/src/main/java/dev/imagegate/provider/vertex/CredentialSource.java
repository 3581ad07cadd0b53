package dev.imagegate.provider.vertex;

import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a call's Google credentials come from: {@code vertex_credentials} (JSON text, a JSON object, or a file path),
 * else {@code GOOGLE_APPLICATION_CREDENTIALS}, else Application Default Credentials. {@link #key()} identifies the
 * source for the credentials cache without holding the secret itself.
 */
sealed interface CredentialSource {
  String SETTING = "vertex_credentials";
  String ENV = "GOOGLE_APPLICATION_CREDENTIALS";

  String key();

  /** Service-account (or other credential) JSON given inline. */
  record Inline(String json) implements CredentialSource {
    @Override
    public String key() {
      return "json:" + sha256(json);
    }

    @Override
    public String toString() {
      return "vertex_credentials (inline JSON)";
    }
  }

  /** A credential JSON file; {@code from} names the setting or env var that pointed at it. */
  record File(Path path, String from) implements CredentialSource {
    @Override
    public String key() {
      return "file:" + path.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
      return from + " (" + path + ")";
    }
  }

  /** Application Default Credentials: gcloud's user credentials, or the metadata server on Google Cloud. */
  record ApplicationDefault() implements CredentialSource {
    @Override
    public String key() {
      return "adc";
    }

    @Override
    public String toString() {
      return "Application Default Credentials";
    }
  }

  static CredentialSource of(ProviderCall call) {
    Object raw = call.request().extras().get(SETTING);
    if (raw instanceof Map<?, ?> object) {
      return new Inline(Json.writeString(object));
    }
    if (raw != null && !raw.toString().isBlank()) {
      String text = raw.toString().trim();
      return text.startsWith("{") ? new Inline(text) : new File(Path.of(text), SETTING);
    }
    return call.env().find(ENV).<CredentialSource>map(path -> new File(Path.of(path.trim()), ENV))
        .orElseGet(ApplicationDefault::new);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
