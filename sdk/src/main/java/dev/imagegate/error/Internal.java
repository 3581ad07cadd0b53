package dev.imagegate.error;

/** A failure inside imagegate itself (HTTP 500). */
public final class Internal extends ImageGateException {
  public Internal(String message, Details details) {
    this(message, details, null);
  }

  public Internal(String message, Details details, Throwable cause) {
    super(message, details, cause);
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
