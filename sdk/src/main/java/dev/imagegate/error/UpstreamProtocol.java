package dev.imagegate.error;

/**
 * The provider answered with something that is not its documented shape (non-JSON, truncated, no images). The
 * message says what was expected. Mapped to HTTP 502.
 */
public final class UpstreamProtocol extends ImageGateException {
  public UpstreamProtocol(String message, Details details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public int status() {
    return 502;
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
