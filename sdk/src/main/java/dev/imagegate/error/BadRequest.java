package dev.imagegate.error;

/**
 * The request is invalid (HTTP 400). {@link #param()} names the parameter at fault when one is. An HTTP edge answers
 * some invalid requests with another 4xx ({@link #refused}): no such route or model (404), a method the route does
 * not take (405), a body that came too slowly (408) or is too large (413); OpenAI types them all
 * {@code invalid_request_error}.
 */
public final class BadRequest extends ImageGateException {
  private final String param;
  private final int status;
  private final String code;

  public BadRequest(String message, String param, Details details) {
    this(message, param, details, 400, null);
  }

  public BadRequest(String message, String param) {
    this(message, param, Details.NONE);
  }

  private BadRequest(String message, String param, Details details, int status, String code) {
    super(message, details, null);
    this.param = param;
    this.status = status;
    this.code = code;
  }

  /**
   * An invalid request answered with {@code status} (a 4xx) and OpenAI's {@code code}, e.g. 413
   * {@code request_too_large}.
   */
  public static BadRequest refused(int status, String code, String param, String message) {
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("an invalid request is answered with a 4xx status, not " + status);
    }
    return new BadRequest(message, param, Details.NONE, status, code);
  }

  @Override
  public String param() {
    return param;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public int status() {
    return status;
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
