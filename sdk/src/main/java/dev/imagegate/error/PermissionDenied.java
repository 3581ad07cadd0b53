package dev.imagegate.error;

/** The credentials are valid but may not do this (HTTP 403). */
public final class PermissionDenied extends ImageGateException {
  public PermissionDenied(String message, Details details) {
    this(message, details, null);
  }

  public PermissionDenied(String message, Details details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public int status() {
    return 403;
  }

  @Override
  public String type() {
    return "permission_denied_error";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
