package dev.imagegate.provider;

import dev.imagegate.ImageRequest;
import dev.imagegate.error.Authentication;
import dev.imagegate.error.BadRequest;
import dev.imagegate.error.BudgetExceeded;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ContentPolicyViolation;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import dev.imagegate.error.NotFound;
import dev.imagegate.error.PermissionDenied;
import dev.imagegate.error.RateLimited;
import dev.imagegate.error.Timeout;
import dev.imagegate.error.UpstreamProtocol;
import dev.imagegate.error.UpstreamUnavailable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Takes credentials out of text that came from an upstream (error messages, bodies quoted in them) before it leaves
 * the SDK: the call's own secret values (its API key, secret-looking settings, the provider key variables of the
 * environment, userinfo and secret query values of its base URL) and the usual shapes of credentials whoever they
 * belong to ({@code sk-...}, bearer tokens, {@code api-key: ...}, AWS key ids and secret/session values, Google
 * OAuth tokens and API keys, PEM private keys). Credentials a provider obtains during the call (an OAuth access
 * token, a SigV4 signature, a session token) are learnt from the headers of the requests sent through
 * {@link #watching}. Thread-safe.
 */
public final class Redaction {
  static final String HIDDEN = "****";
  /** Environment variables that hold provider credentials (every provider's key variables). */
  static final List<String> SECRET_ENV = List.of("OPENAI_API_KEY", "AZURE_API_KEY", "AZURE_OPENAI_API_KEY",
      "AZURE_AD_TOKEN", "GEMINI_API_KEY", "GOOGLE_API_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK", "OPENROUTER_API_KEY", "RECRAFT_API_KEY",
      "XINFERENCE_API_KEY", "NSCALE_API_KEY");
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(key|secret|token|password|passwd|signature).*");
  private static final int SHORTEST_SECRET = 4;
  private static final List<Shape> SHAPES = List.of(
      new Shape("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
          "[private key]"),
      new Shape("(?i)(bearer\\s+)[A-Za-z0-9._~+/=\\-]+", "$1" + HIDDEN),
      new Shape("(?i)(basic\\s+)[A-Za-z0-9+/=]{8,}", "$1" + HIDDEN),
      new Shape("(?i)((?:api[-_ ]?key|x-goog-api-key|authorization|access[-_]?token|refresh[-_]?token|id[-_]?token"
          + "|secret[-_]?access[-_]?key|secret|session[-_]?token|security[-_]?token|password|client[-_]?secret"
          + "|private[-_]?key)[\"']?\\s*[:=]\\s*[\"']?"
          + "(?:(?i:bearer|basic|token|AWS4-HMAC-SHA256)\\s+)?)[^\\s\"',;&}<>]+", "$1" + HIDDEN),
      new Shape("\\bsk-[A-Za-z0-9_\\-]{6,}", "sk-" + HIDDEN),
      new Shape("\\bya29\\.[A-Za-z0-9._\\-]+", "ya29." + HIDDEN),
      new Shape("\\bAIza[0-9A-Za-z_\\-]{20,}", "AIza" + HIDDEN),
      new Shape("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b", "$1" + HIDDEN),
      new Shape("(?i)(X-Amz-(?:Security-Token|Credential|Signature)=)[^&\\s\"']+", "$1" + HIDDEN));

  private record Shape(Pattern pattern, String replacement) {
    Shape(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }

  /** Nothing known beyond the usual shapes. */
  public static final Redaction SHAPES_ONLY = new Redaction(Set.of());

  private final Set<String> secrets = ConcurrentHashMap.newKeySet();

  private Redaction(Set<String> secrets) {
    secrets.forEach(this::learn);
  }

  private void learn(String secret) {
    if (secret != null && secret.length() >= SHORTEST_SECRET) {
      secrets.add(secret);
    }
  }

  /** {@code transport}, noting the values of the credential headers of every request sent through it. */
  public HttpTransport watching(HttpTransport transport) {
    return HttpTransport.observing(transport, request -> request.headers().forEach((name, value) -> {
      if (Secrets.isSecretHeader(name)) {
        learn(value);
        int space = value.indexOf(' ');
        if (space > 0) {
          learn(value.substring(space + 1).trim());
        }
      }
    }));
  }

  /** The known secrets of one call: its API key and secret settings, the environment's keys, its base URL's. */
  public static Redaction of(ImageRequest request, Env env) {
    Set<String> values = new LinkedHashSet<>();
    add(values, request.apiKey());
    for (Map.Entry<String, Object> extra : request.extras().entrySet()) {
      if (extra.getValue() instanceof String text && SECRET_NAME.matcher(extra.getKey()).matches()) {
        add(values, text);
      }
    }
    SECRET_ENV.forEach(name -> env.find(name).ifPresent(value -> add(values, value)));
    if (request.apiBase() != null) {
      Secrets.urlSecrets(request.apiBase()).forEach(secret -> add(values, secret));
    }
    return new Redaction(values);
  }

  /** These exact values, plus the usual shapes. */
  public static Redaction ofValues(Set<String> values) {
    Set<String> all = new LinkedHashSet<>();
    values.forEach(value -> add(all, value));
    return new Redaction(all);
  }

  private static void add(Set<String> values, String secret) {
    if (secret == null || secret.isBlank()) {
      return;
    }
    values.add(secret);
    values.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    values.add(secret.replace("/", "\\/"));
    if (secret.length() >= 8) {
      // as an upstream that dumps headers or its config may show it: base64, URL-safe or not, padded or not
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      String base64 = Base64.getEncoder().encodeToString(bytes);
      values.add(base64);
      values.add(base64.replace("=", ""));
      values.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
  }

  /** {@code text} with every known secret and every credential-shaped value replaced by {@code ****}. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    List<String> longestFirst = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String secret : longestFirst) {
      out = out.replace(secret, HIDDEN);
    }
    for (Shape shape : SHAPES) {
      out = shape.pattern().matcher(out).replaceAll(shape.replacement());
    }
    return out;
  }

  /**
   * The same failure with its message and provider message scrubbed. The cause is kept only when its messages are
   * clean (upstream text can ride in a parser's message), so a printed stack trace holds no secret either.
   */
  public ImageGateException scrub(ImageGateException e) {
    ImageGateException.Details d = e.details();
    ImageGateException.Details details = new ImageGateException.Details(d.provider(), d.model(), d.upstreamStatus(),
        scrub(d.providerMessage()), d.requestId());
    String message = scrub(e.getMessage());
    Throwable cause = clean(e.getCause()) ? e.getCause() : null;
    ImageGateException out = switch (e) {
      case BadRequest x -> new BadRequest(message, x.param(), details);
      case Authentication x -> new Authentication(message, details, cause);
      case PermissionDenied x -> new PermissionDenied(message, details, cause);
      case NotFound x -> new NotFound(message, details, cause);
      case ContentPolicyViolation x -> new ContentPolicyViolation(message, details, x.contentFilter());
      case RateLimited x -> new RateLimited(message, x.retryAfter().orElse(null), x.quotaExhausted(), details);
      case BudgetExceeded x -> new BudgetExceeded(message, details);
      case Timeout x -> new Timeout(message, details, cause);
      case UpstreamUnavailable x -> new UpstreamUnavailable(message, x.status(), details, cause);
      case UpstreamProtocol x -> new UpstreamProtocol(message, details, cause);
      case Internal x -> new Internal(message, details, cause);
      case Cancelled x -> new Cancelled(message, details, cause);
    };
    out.setStackTrace(e.getStackTrace());
    return out;
  }

  private boolean clean(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().equals(scrub(t.getMessage()))) {
        return false;
      }
    }
    return true;
  }
}
