package dev.imagegate.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which header names carry credentials, and how to show a secret, or a URL that may hold one, without revealing it.
 */
public final class Secrets {
  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "api-key", "x-api-key",
      "x-goog-api-key", "x-amz-security-token", "proxy-authorization", "cookie");

  /** Query parameter names whose values are treated as secrets in a URL that is shown. */
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i).*(key|secret|token|sig|password|passwd|pwd|auth|credential|code).*");
  /** {@code scheme://userinfo@}: userinfo is everything between {@code //} and the last {@code @} of the authority. */
  private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*://)([^/?#]*)@");
  private static final Pattern QUERY_PAIR = Pattern.compile("([?&;])([^=&#;]+)=([^&#;]*)");

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

  /**
   * {@code url} as it may be shown to anyone: userinfo becomes {@code ****@} and the values of secret-looking query
   * parameters ({@code api_key}, {@code token}, {@code sig}, ...) become {@code ****}. Works on text that is not a
   * valid URI too (it is shown as typed, minus those parts). Null stays null.
   */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String out = USERINFO.matcher(url).replaceFirst("$1****@");
    Matcher pairs = QUERY_PAIR.matcher(out);
    StringBuilder masked = new StringBuilder();
    while (pairs.find()) {
      String value = SECRET_PARAM.matcher(pairs.group(2)).matches() ? "****" : pairs.group(3);
      pairs.appendReplacement(masked, Matcher.quoteReplacement(pairs.group(1) + pairs.group(2) + "=" + value));
    }
    pairs.appendTail(masked);
    return masked.toString();
  }

  /** The secret parts of {@code url} (userinfo and its password, secret-looking query values), raw and decoded. */
  public static List<String> urlSecrets(String url) {
    List<String> out = new ArrayList<>();
    Matcher userinfo = USERINFO.matcher(url);
    if (userinfo.find()) {
      String info = userinfo.group(2);
      out.add(info);
      int colon = info.indexOf(':');
      if (colon >= 0) {
        out.add(info.substring(colon + 1));
      }
    }
    Matcher pairs = QUERY_PAIR.matcher(url);
    while (pairs.find()) {
      if (SECRET_PARAM.matcher(pairs.group(2)).matches() && !pairs.group(3).isEmpty()) {
        out.add(pairs.group(3));
      }
    }
    List<String> decoded = new ArrayList<>();
    for (String part : out) {
      try {
        decoded.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException ignored) {
        // not percent-encoded: the raw form is enough
      }
    }
    out.addAll(decoded);
    return out;
  }
}
