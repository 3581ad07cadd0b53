package dev.imagegate.error;

/**
 * The provider failed on its side or could not be reached: a 5xx answer, a refused or reset connection (HTTP 502, or
 * 503 when the provider itself said it is unavailable).
 */
public final class UpstreamUnavailable extends ImageGateException {
  private final int status;

  public UpstreamUnavailable(String message, int status, Details details, Throwable cause) {
    super(message, details, cause);
    this.status = status == 503 ? 503 : 502;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String type() {
    return "api_error";
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
