package dev.imagegate.provider;

import java.util.Locale;
import java.util.Set;

/** Which header names carry credentials, and how to show a secret without revealing it. */
public final class Secrets {
  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "api-key", "x-api-key",
      "x-goog-api-key", "x-amz-security-token", "proxy-authorization", "cookie");

  private Secrets() {
  }

  public static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** {@code sk-...wxyz}: enough to recognise a key, never enough to use it. */
  public static String mask(String secret) {
    if (secret == null || secret.isEmpty()) {
      return "";
    }
    if (secret.length() <= 8) {
      return "****";
    }
    return secret.substring(0, 3) + "..." + secret.substring(secret.length() - 4);
  }
}
