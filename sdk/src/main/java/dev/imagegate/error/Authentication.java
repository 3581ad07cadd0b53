package dev.imagegate.error;

/** The credentials were missing or refused (HTTP 401). */
public final class Authentication extends ImageGateException {
  public Authentication(String message, Details details) {
    this(message, details, null);
  }

  public Authentication(String message, Details details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public int status() {
    return 401;
  }

  @Override
  public String type() {
    return "authentication_error";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
