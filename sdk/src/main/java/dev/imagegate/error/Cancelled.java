package dev.imagegate.error;

/**
 * The caller went away (or closed its stream) before a streamed call ended: the upstream call was abandoned. Never
 * retried. A gateway records it with status 499 ("client closed request"), the nginx convention; nobody is left to
 * receive the status itself.
 */
public final class Cancelled extends ImageGateException {
  public Cancelled(String message, Details details, Throwable cause) {
    super(message, details, cause);
  }

  @Override
  public int status() {
    return 499;
  }

  @Override
  public String type() {
    return "cancelled";
  }

  @Override
  public String code() {
    return "client_closed_request";
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
