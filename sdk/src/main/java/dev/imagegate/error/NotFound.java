package dev.imagegate.error;

/** The model, deployment or provider does not exist (HTTP 404). */
public final class NotFound extends ImageGateException {
  public NotFound(String message, Details details) {
    this(message, details, null);
  }

  public NotFound(String message, Details details, Throwable cause) {
    super(message, details, cause);
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
