package dev.imagegate.error;

/** The request is invalid (HTTP 400). {@link #param()} names the parameter at fault when one is. */
public final class BadRequest extends ImageGateException {
  private final String param;

  public BadRequest(String message, String param, Details details) {
    super(message, details, null);
    this.param = param;
  }

  public BadRequest(String message, String param) {
    this(message, param, Details.NONE);
  }

  @Override
  public String param() {
    return param;
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String type() {
    return "invalid_request_error";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
