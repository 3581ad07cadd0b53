package dev.imagegate.error;

/** The provider did not answer within the request's timeout (HTTP 408). */
public final class Timeout extends ImageGateException {
  public Timeout(String message, Details details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public int status() {
    return 408;
  }

  @Override
  public String type() {
    return "timeout_error";
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
