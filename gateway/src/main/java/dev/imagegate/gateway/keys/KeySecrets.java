package dev.imagegate.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Virtual-key secrets: {@code sk-} followed by 32 bytes of {@link SecureRandom} in url-safe base64 (43 characters).
 * Only the SHA-256 hex of a secret (LiteLLM's {@code token}) is stored. Thread-safe.
 */
public final class KeySecrets {
  private static final int SECRET_BYTES = 32;

  private final SecureRandom random;

  public KeySecrets(SecureRandom random) {
    this.random = random;
  }

  public String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The token for a key given as its secret ({@code sk-...}) or already as its hash, as LiteLLM accepts both. */
  public static String token(String keyOrHash) {
    return keyOrHash.startsWith("sk-") ? hash(keyOrHash) : keyOrHash;
  }

  /** LiteLLM's displayable {@code key_name}: {@code sk-...} and the last four characters. */
  public static String abbreviate(String secret) {
    return "sk-..." + secret.substring(Math.max(0, secret.length() - 4));
  }
}
