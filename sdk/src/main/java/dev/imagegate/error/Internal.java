package dev.imagegate.error;

/** A failure inside imagegate itself (HTTP 500). */
public final class Internal extends ImageGateException {
  private final String code;

  public Internal(String message, Details details) {
    this(message, details, null);
  }

  public Internal(String message, Details details, Throwable cause) {
    this(message, details, cause, null);
  }

  private Internal(String message, Details details, Throwable cause, String code) {
    super(message, details, cause);
    this.code = code;
  }

  /** A failure nothing expected (a bug), {@code cause}: OpenAI's code {@code internal_error}. */
  public static Internal unexpected(String message, Throwable cause) {
    return new Internal(message, Details.NONE, cause, "internal_error");
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public int status() {
    return 500;
  }

  @Override
  public String type() {
    return "internal_server_error";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
