package dev.imagegate.error;

/** The model, deployment or provider does not exist (HTTP 404). */
public final class NotFound extends ImageGateException {
  private final String code;

  public NotFound(String message, Details details) {
    this(message, details, (Throwable) null);
  }

  public NotFound(String message, Details details, Throwable cause) {
    this(message, details, cause, null);
  }

  private NotFound(String message, Details details, Throwable cause, String code) {
    super(message, details, cause);
    this.code = code;
  }

  /** A model that exists no more (shut down at its provider): OpenAI's code {@code model_not_found}. */
  public static NotFound modelNotFound(String message, Details details) {
    return new NotFound(message, details, null, "model_not_found");
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public int status() {
    return 404;
  }

  @Override
  public String type() {
    return "not_found_error";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
